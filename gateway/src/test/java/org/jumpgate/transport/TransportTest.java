package org.jumpgate.transport;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.apache.sshd.client.SshClient;
import org.apache.sshd.common.NamedResource;
import org.apache.sshd.server.SshServer;
import org.junit.jupiter.api.Test;

class TransportTest {

    @Test
    void clientsOfferMlKemFirstThenSntrupAndNothingOnSha1() {
        SshClient client = SshClient.setUpDefaultClient();
        Transport.apply(client);
        List<String> kex = NamedResource.getNameList(client.getKeyExchangeFactories());
        assertThat(kex.get(0)).isEqualTo("mlkem768x25519-sha256");
        assertThat(kex).contains("sntrup761x25519-sha512@openssh.com", "curve25519-sha256")
                .noneMatch(k -> k.contains("sha1"));
        assertThat(kex.indexOf("sntrup761x25519-sha512@openssh.com")).isLessThan(kex.indexOf("curve25519-sha256"));
    }

    @Test
    void serversOfferAesGcmThenAesCtrAndNoChacha() {
        SshServer server = SshServer.setUpDefaultServer();
        Transport.apply(server);
        assertThat(NamedResource.getNameList(server.getCipherFactories())).containsExactly("aes128-gcm@openssh.com",
                "aes256-gcm@openssh.com", "aes128-ctr", "aes192-ctr", "aes256-ctr");
    }

    @Test
    void serversOfferNoNistCurveKeyExchangeAndNothingOnSha1() {
        SshServer server = SshServer.setUpDefaultServer();
        Transport.apply(server);
        assertThat(NamedResource.getNameList(server.getKeyExchangeFactories())).containsExactly(
                "mlkem768x25519-sha256", "sntrup761x25519-sha512@openssh.com",
                "curve25519-sha256", "curve25519-sha256@libssh.org", "curve448-sha512",
                "diffie-hellman-group-exchange-sha256", "diffie-hellman-group18-sha512",
                "diffie-hellman-group17-sha512", "diffie-hellman-group16-sha512",
                "diffie-hellman-group15-sha512", "diffie-hellman-group14-sha256");
    }

    @Test
    void macsAreEncryptThenMacPlusHmacSha256ForDropbear() {
        SshServer server = SshServer.setUpDefaultServer();
        Transport.apply(server);
        assertThat(NamedResource.getNameList(server.getMacFactories())).containsExactly(
                "hmac-sha2-256-etm@openssh.com", "hmac-sha2-512-etm@openssh.com", "hmac-sha2-256");
    }

    @Test
    void serversCompressOnlyAfterAuthentication() {
        SshServer server = SshServer.setUpDefaultServer();
        Transport.apply(server);
        assertThat(NamedResource.getNameList(server.getCompressionFactories()))
                .containsExactly("none", "zlib@openssh.com");
    }

    @Test
    void clientsDoNotAskForCompression() {
        SshClient client = SshClient.setUpDefaultClient();
        Transport.apply(client);
        assertThat(NamedResource.getNameList(client.getCompressionFactories())).containsExactly("none");
    }

    @Test
    void keyExchangeNamesAreCheckedAgainstWhatTheJvmSupports() {
        assertThat(Transport.keyExchange("curve25519-sha256")).isPresent();
        assertThat(Transport.keyExchange("diffie-hellman-group14-sha1")).isEmpty();
        assertThat(Transport.keyExchange("curve9999")).isEmpty();
    }
}
