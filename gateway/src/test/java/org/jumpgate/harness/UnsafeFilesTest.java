package org.jumpgate.harness;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.jumpgate.harness.UserClient.Login;
import org.jumpgate.testing.LogCapture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * StrictModes at the door: a user whose authorized_keys others could write, or whose TOTP secret
 * others could read, is refused as any unknown key is, and the operator's log and the audit log
 * say which file and its mode; a user whose files are the owner's alone logs in.
 */
@Timeout(60)
class UnsafeFilesTest {

    @TempDir
    static Path dir;
    static GatewayHarness gw;

    @BeforeAll
    static void start() throws Exception {
        gw = GatewayHarness.in(dir).node("login-1").start();
    }

    @AfterAll
    static void stop() throws Exception {
        if (gw != null) {
            gw.close();
        }
    }

    private static void chmod(String relative, String mode) throws Exception {
        Files.setPosixFilePermissions(dir.resolve(relative), PosixFilePermissions.fromString(mode));
    }

    @Test
    void aGroupWritableAuthorizedKeysRefusesItsUserWhileA0600OneLogsIn() throws Exception {
        TestUser alice = gw.user("alice");
        TestUser bob = gw.user("bob");
        chmod("keys/alice", "rw-rw-r--");
        chmod("keys/bob", "rw-------");
        try (LogCapture log = LogCapture.of("org.jumpgate.auth.AuthorizedKeys")) {
            Login refused = gw.tryLogin(alice.name(), alice.key(), gw.nextCode(alice));
            assertThat(refused.succeeded()).isFalse();
            assertThat(refused.prompts()).isEmpty(); // refused at the key, as a key not in the file would be
            assertThat(refused.banners()).isEmpty();
            assertThat(log.messages()).contains("refused user alice: " + dir.resolve("keys/alice")
                    + ": authorized_keys is writable by others (0664)");
        }
        assertThat(gw.audit().events("auth.failure", "alice"))
                .anySatisfy(e -> assertThat(e.get("reason")).isEqualTo("authorized_keys is writable by others (0664)"));
        assertThat(gw.exec(bob, "echo bob is in").stdout()).isEqualTo("bob is in\n");

        chmod("keys/alice", "rw-r--r--"); // the operator fixes it: trusted at the next attempt
        assertThat(gw.exec(alice, "echo alice is in").stdout()).isEqualTo("alice is in\n");
    }

    @Test
    void aTotpSecretReadableByOthersRefusesItsUserBeforeAnyCodeIsAsked() throws Exception {
        TestUser carol = gw.user("carol");
        chmod("totp/carol", "rw-r--r--");
        try (LogCapture log = LogCapture.of("org.jumpgate.auth.GatewayAuth")) {
            Login refused = gw.tryLogin(carol.name(), carol.key(), gw.nextCode(carol));
            assertThat(refused.succeeded()).isFalse();
            assertThat(refused.prompts()).isEmpty();
            assertThat(log.messages()).contains("refused user carol: " + dir.resolve("totp/carol")
                    + ": TOTP secret is readable by others (0644)");
        }
        assertThat(gw.audit().events("auth.failure", "carol"))
                .anySatisfy(e -> assertThat(e.get("reason")).isEqualTo("TOTP secret is readable by others (0644)"));

        chmod("totp/carol", "rw-------");
        assertThat(gw.exec(carol, "echo carol is in").stdout()).isEqualTo("carol is in\n");
    }
}
