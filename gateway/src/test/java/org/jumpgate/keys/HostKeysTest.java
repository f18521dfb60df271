package org.jumpgate.keys;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyPair;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.apache.sshd.common.config.keys.OpenSshCertificate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HostKeysTest {

    @TempDir
    Path dir;

    @Test
    void hostKeysAreMadeOwnerOnlyAndLoadedUnchanged() throws Exception {
        HostKeys first = HostKeys.loadOrCreate(dir);
        assertThat(first.fingerprintLines()).hasSize(3);
        for (String f : List.of("ssh_host_ed25519_key", "ssh_host_ecdsa_key", "ssh_host_rsa_key")) {
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve(f)))).isEqualTo("rw-------");
        }
        assertThat(HostKeys.loadOrCreate(dir).fingerprintLines()).isEqualTo(first.fingerprintLines());
        assertThat(first.fingerprintLines().get(0)).matches("256 SHA256:\\S+ jumpgate@\\S+ \\(ED25519\\)");
        assertThat(first.fingerprintLines().get(2)).startsWith("3072 SHA256:").endsWith("(RSA)");
    }

    @Test
    void aPrivateKeyReadableByOthersIsRefused() throws Exception {
        HostKeys.loadOrCreate(dir);
        Files.setPosixFilePermissions(dir.resolve("ssh_host_ed25519_key"), PosixFilePermissions.fromString("rw-r--r--"));
        assertThatThrownBy(() -> HostKeys.loadOrCreate(dir)).hasMessageContaining("expected rw------- (0600)");
    }

    @Test
    void certificateNamesTheUserAndCarriesPolicy() throws Exception {
        UserCa ca = UserCa.loadOrCreate(dir, Clock.systemUTC());
        KeyPair pair = ca.issue(new CertRequest("alice", "jumpgate:alice:abc@gw", List.of("127.0.0.1/32"),
                Set.of("permit-pty"), null, Duration.ofMinutes(5)));
        OpenSshCertificate cert = (OpenSshCertificate) pair.getPublic();
        assertThat(cert.getPrincipals()).containsExactly("alice");
        assertThat(cert.getId()).isEqualTo("jumpgate:alice:abc@gw");
        assertThat(cert.getCriticalOptionsMap()).containsEntry("source-address", "127.0.0.1/32");
        assertThat(cert.getExtensions()).extracting(OpenSshCertificate.CertificateOption::getName)
                .containsExactly("permit-pty");
        assertThat(OpenSshCertificate.isValidNow(cert)).isTrue();
        assertThat(UserCa.loadOrCreate(dir, Clock.systemUTC()).publicKeyLine()).isEqualTo(ca.publicKeyLine());
    }
}
