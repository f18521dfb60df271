package org.jumpgate.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Instant;
import org.apache.sshd.common.config.keys.KeyUtils;
import org.apache.sshd.common.config.keys.PublicKeyEntry;
import org.apache.sshd.common.keyprovider.KeyPairProvider;
import org.jumpgate.config.PathTemplate;
import org.jumpgate.connection.KeyPolicy;
import org.jumpgate.keys.CertRequest;
import org.jumpgate.testing.ManualClock;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AuthorizedKeysTest {

    @TempDir
    Path dir;

    private KeyPair key;
    private String line;
    private AuthorizedKeys keys;
    private final InetAddress from = InetAddress.getLoopbackAddress();

    @BeforeEach
    void setUp() throws Exception {
        key = KeyUtils.generateKeyPair(KeyPairProvider.SSH_ED25519, 256);
        line = PublicKeyEntry.toString(key.getPublic()) + " alice@laptop";
        keys = new AuthorizedKeys(new PathTemplate(dir.resolve("%u").toString()),
                new ManualClock(Instant.parse("2026-11-26T10:00:00Z")));
    }

    private void write(String content) throws Exception {
        Files.writeString(dir.resolve("alice"), content + "\n");
    }

    @Test
    void plainKeyGetsEveryExtension() throws Exception {
        write("# comment\n\n" + line);
        KeyPolicy p = keys.find("alice", key.getPublic(), from).orElseThrow();
        assertThat(p.extensions()).isEqualTo(CertRequest.ALL_EXTENSIONS);
        assertThat(p.fingerprint()).startsWith("SHA256:");
    }

    @Test
    void unknownKeyOrUnknownUserFindsNothing() throws Exception {
        write(PublicKeyEntry.toString(KeyUtils.generateKeyPair(KeyPairProvider.SSH_ED25519, 256).getPublic()));
        assertThat(keys.find("alice", key.getPublic(), from)).isEmpty();
        assertThat(keys.find("nobody", key.getPublic(), from)).isEmpty();
    }

    @Test
    void restrictionsBecomeMissingExtensions() throws Exception {
        write("no-port-forwarding,no-agent-forwarding " + line);
        assertThat(keys.find("alice", key.getPublic(), from).orElseThrow().extensions())
                .doesNotContain("permit-port-forwarding", "permit-agent-forwarding").contains("permit-pty");
    }

    @Test
    void restrictThenPtyAllowsOnlyPty() throws Exception {
        write("restrict,pty " + line);
        assertThat(keys.find("alice", key.getPublic(), from).orElseThrow().extensions()).containsExactly("permit-pty");
    }

    @Test
    void commandOptionBecomesForcedCommand() throws Exception {
        write("command=\"rsync --server\" " + line);
        assertThat(keys.find("alice", key.getPublic(), from).orElseThrow().forceCommand()).isEqualTo("rsync --server");
    }

    @Test
    void unsupportedOptionRefusesTheLine() throws Exception {
        write("environment=\"A=B\" " + line);
        assertThat(keys.find("alice", key.getPublic(), from)).isEmpty();
    }

    @Test
    void fromOptionIsEnforced() throws Exception {
        write("from=\"10.0.0.*\" " + line);
        assertThat(keys.find("alice", key.getPublic(), from)).isEmpty();
        write("from=\"127.0.0.0/8,!10.1.1.1\" " + line);
        assertThat(keys.find("alice", key.getPublic(), from)).isPresent();
        write("from=\"*,!127.0.0.1\" " + line);
        assertThat(keys.find("alice", key.getPublic(), from)).isEmpty();
    }

    @Test
    void expiredKeyIsRefused() throws Exception {
        write("expiry-time=\"20261101\" " + line);
        assertThat(keys.find("alice", key.getPublic(), from)).isEmpty();
        write("expiry-time=\"20270101\" " + line);
        assertThat(keys.find("alice", key.getPublic(), from)).isPresent();
    }

    @Test
    void invalidUserNamesNeverReachTheFileSystem() {
        assertThat(keys.find("../etc/passwd", key.getPublic(), from)).isEmpty();
        assertThat(keys.find("Alice", key.getPublic(), from)).isEmpty();
    }
}
