package org.jumpgate.it.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import org.jumpgate.it.fixture.FreeRadius;
import org.jumpgate.it.fixture.OpenSsh;
import org.jumpgate.it.fixture.Result;
import org.jumpgate.it.fixture.TempDirs;
import org.jumpgate.it.fixture.TestUser;
import org.jumpgate.testing.LogCapture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * {@code auth.secondFactor: radius} with real OpenSSH and a real FreeRADIUS: what the user types
 * at the code prompt goes to the site's MFA; an Access-Challenge is another prompt (its
 * Reply-Message), an Access-Reject shows its Reply-Message, and an MFA that cannot be reached
 * refuses with a line saying so. The shared secret is never logged.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class RadiusLoginTest {

    private static final String SECRET = "a-shared-secret-for-the-test-0123";
    private static final String PROMPT = "Enter the code sent to your phone";

    static FreeRadius radius;
    static GatewayFixture gw;
    static Path dir;
    static LogCapture log;
    static TestUser alice;
    static TestUser bob;
    static TestUser carol;

    @BeforeAll
    static void start() throws Exception {
        radius = FreeRadius.start(SECRET, List.of(
                FreeRadius.User.accepted("jgradalice", "123456", "Welcome"),
                FreeRadius.User.locked("jgradbob", "Your token is locked"),
                FreeRadius.User.challenged("jgradcarol", PROMPT, "654321")));
        dir = TempDirs.create("radius-login");
        Path secret = dir.resolve("radius.secret");
        TempDirs.write(secret, SECRET + "\n", "rw-------");
        log = LogCapture.of("org.jumpgate");
        gw = GatewayFixture.startWithAuth(List.of("login-1"), "  secondFactor: radius\n"
                + "  radius: {servers: [\"" + radius.address() + "\"], secretFile: " + secret
                + ", timeout: 1s, retries: 1}\n", "");
        alice = gw.user("radalice");
        bob = gw.user("radbob");
        carol = gw.user("radcarol");
    }

    @AfterAll
    static void stop() {
        if (gw != null) {
            gw.close();
        }
        if (radius != null) {
            radius.close();
        }
        if (log != null) {
            log.close();
        }
        TempDirs.delete(dir);
    }

    @Test
    @Order(1)
    void theSitesMfaAcceptsTheCode() {
        Result r = gw.client(alice).withCode("123456").ssh("mila", "echo in");
        assertThat(r.stdout()).as(r.toString()).isEqualTo("in\n");
    }

    @Test
    @Order(2)
    void aRejectShowsItsReplyMessage() {
        Result r = gw.client(bob).withCode("000000").ssh("-o", "NumberOfPasswordPrompts=1", "mila", "true");
        assertThat(r.exitCode()).as(r.toString()).isEqualTo(255);
        assertThat(r.stderr()).contains("Your token is locked");
    }

    @Test
    @Order(3)
    void aChallengeIsAnotherPromptAndItsAnswerLetsIn() {
        Result r = gw.client(carol).withCode("push", "654321").ssh("mila", "echo challenged");
        assertThat(r.stdout()).as(r.toString()).isEqualTo("challenged\n");
        assertThat(r.askpassPrompts()).hasSize(2);
        assertThat(r.askpassPrompts().get(1)).contains(PROMPT);
    }

    @Test
    @Order(4)
    void anUnreachableMfaRefusesWithALineSayingSo() {
        radius.stop();
        try {
            Result r = gw.client(alice).withCode("123456").ssh("-o", "NumberOfPasswordPrompts=1", "mila", "true");
            assertThat(r.exitCode()).as(r.toString()).isEqualTo(255);
            assertThat(r.stderr()).contains("The MFA service is unreachable; try again in a minute.");
            assertThat(gw.audit()).contains("MFA service unreachable");
        } finally {
            radius.restart();
        }
    }

    @Test
    @Order(5)
    void theSharedSecretIsNeverLogged() {
        assertThat(log.messages()).isNotEmpty().noneMatch(m -> m.contains(SECRET));
        assertThat(gw.audit()).doesNotContain(SECRET).doesNotContain("123456").doesNotContain("654321");
    }
}
