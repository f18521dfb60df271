package org.jumpgate.harness;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;
import java.security.KeyPair;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.apache.sshd.client.SshClient;
import org.apache.sshd.client.session.ClientSession;
import org.apache.sshd.common.NamedResource;
import org.apache.sshd.common.cipher.BuiltinCiphers;
import org.apache.sshd.common.kex.KexProposalOption;
import org.apache.sshd.common.kex.extension.DefaultClientKexExtensionHandler;
import org.apache.sshd.common.session.Session;
import org.apache.sshd.common.session.SessionListener;
import org.jumpgate.harness.UserClient.ExecResult;
import org.jumpgate.harness.UserClient.Login;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The cipher a client gets: AES-GCM whenever the client has it, even when it lists AES-CTR first
 * (as OpenSSH and MINA do); AES-CTR with an encrypt-then-MAC MAC for a client without it; the
 * whole offer for a client that waits for the server's KEXINIT. Strict key exchange still
 * negotiated, and a re-key keeps AES-GCM.
 */
@Timeout(120)
class CipherChoiceTest {

    static final String STRICT_KEX_SERVER = "kex-strict-s-v00@openssh.com";

    @TempDir
    Path dir;
    private GatewayHarness gw;
    private UserClient client;
    /** What the gateway offered in each of its KEXINITs, as the client read them. */
    private final List<Map<KexProposalOption, String>> serverOffers = new CopyOnWriteArrayList<>();

    @AfterEach
    void stop() throws Exception {
        if (client != null) {
            client.close();
        }
        if (gw != null) {
            gw.close();
        }
    }

    private ClientSession login(Consumer<SshClient> setup) throws Exception {
        gw = GatewayHarness.in(dir).node("login-1").start();
        TestUser alice = gw.user("alice");
        client = UserClient.start(gw.gateway().address(),
                gw.gateway().hostKeys().keyPairs().stream().map(KeyPair::getPublic).toList(), c -> {
                    c.addSessionListener(new SessionListener() {
                        @Override
                        public void sessionNegotiationStart(Session s, Map<KexProposalOption, String> clientProposal,
                                                            Map<KexProposalOption, String> serverProposal) {
                            serverOffers.add(Map.copyOf(serverProposal));
                        }
                    });
                    setup.accept(c);
                });
        Login login = client.login(alice.name(), alice.key(), List.of(gw.nextCode(alice)));
        assertThat(login.succeeded()).as(String.valueOf(login)).isTrue();
        ExecResult r = UserClient.exec(login.session(), "echo hello", Map.of(), null);
        assertThat(r.stdout()).as(r.toString()).isEqualTo("hello\n");
        return login.session();
    }

    @Test
    void clientListingAesCtrBeforeAesGcmGetsAesGcmAndKeepsItOnReKey() throws Exception {
        ClientSession session = login(c -> { });
        List<String> ciphers = NamedResource.getNameList(session.getCipherFactories());
        assertThat(ciphers.indexOf("aes128-ctr")).as("MINA's own order, like OpenSSH's: " + ciphers)
                .isLessThan(ciphers.indexOf("aes128-gcm@openssh.com"));

        assertThat(session.getNegotiatedKexParameter(KexProposalOption.C2SENC)).isEqualTo("aes128-gcm@openssh.com");
        assertThat(session.getNegotiatedKexParameter(KexProposalOption.S2CENC)).isEqualTo("aes128-gcm@openssh.com");
        assertThat(serverOffers.get(0).get(KexProposalOption.S2CENC))
                .isEqualTo("aes128-gcm@openssh.com,aes256-gcm@openssh.com");
        assertThat(serverOffers.get(0).get(KexProposalOption.C2SENC))
                .isEqualTo("aes128-gcm@openssh.com,aes256-gcm@openssh.com");
        assertThat(serverOffers.get(0).get(KexProposalOption.ALGORITHMS)).as("strict kex (Terrapin) offered")
                .contains(STRICT_KEX_SERVER);

        session.reExchangeKeys().verify(UserClient.WAIT);
        assertThat(serverOffers).hasSize(2);
        assertThat(serverOffers.get(1).get(KexProposalOption.S2CENC))
                .isEqualTo("aes128-gcm@openssh.com,aes256-gcm@openssh.com");
        assertThat(session.getNegotiatedKexParameter(KexProposalOption.S2CENC)).isEqualTo("aes128-gcm@openssh.com");
        ExecResult r = UserClient.exec(session, "echo after-rekey", Map.of(), null);
        assertThat(r.stdout()).as(r.toString()).isEqualTo("after-rekey\n");
    }

    @Test
    void clientWithoutAesGcmGetsAesCtrWithAnEncryptThenMacMac() throws Exception {
        ClientSession session = login(c -> c.setCipherFactoriesNameList(
                BuiltinCiphers.aes128ctr.getName() + "," + BuiltinCiphers.aes256ctr.getName()));
        assertThat(session.getNegotiatedKexParameter(KexProposalOption.S2CENC)).isEqualTo("aes128-ctr");
        assertThat(session.getNegotiatedKexParameter(KexProposalOption.S2CMAC)).isEqualTo("hmac-sha2-256-etm@openssh.com");
        assertThat(session.getNegotiatedKexParameter(KexProposalOption.C2SMAC)).isEqualTo("hmac-sha2-256-etm@openssh.com");
        assertThat(serverOffers.get(0).get(KexProposalOption.S2CENC)).as("the whole offer")
                .isEqualTo("aes128-gcm@openssh.com,aes256-gcm@openssh.com,aes128-ctr,aes192-ctr,aes256-ctr");
        assertThat(serverOffers.get(0).get(KexProposalOption.ALGORITHMS)).contains(STRICT_KEX_SERVER);
    }

    @Test
    void clientThatWaitsForTheServersKexInitStillLogsInWithTheWholeOffer() throws Exception {
        ClientSession session = login(c -> c.setKexExtensionHandler(new WaitsForServerKexInit()));
        assertThat(serverOffers.get(0).get(KexProposalOption.S2CENC))
                .isEqualTo("aes128-gcm@openssh.com,aes256-gcm@openssh.com,aes128-ctr,aes192-ctr,aes256-ctr");
        assertThat(session.getNegotiatedKexParameter(KexProposalOption.S2CENC)).as("the client's first choice")
                .isEqualTo("aes128-ctr");
        assertThat(serverOffers.get(0).get(KexProposalOption.ALGORITHMS)).contains(STRICT_KEX_SERVER);
    }

    /** MINA's client told to send its KEXINIT only after the server's (its RFC 8308 "delayed" mode). */
    private static final class WaitsForServerKexInit extends DefaultClientKexExtensionHandler {
        @Override
        public boolean isKexExtensionsAvailable(Session session, AvailabilityPhase phase) throws IOException {
            return phase == AvailabilityPhase.PREKEX || super.isKexExtensionsAvailable(session, phase);
        }
    }
}
