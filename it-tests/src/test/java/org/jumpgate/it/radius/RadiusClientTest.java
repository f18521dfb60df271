package org.jumpgate.it.radius;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.jumpgate.common.HostPort;
import org.jumpgate.config.RadiusConfig;
import org.jumpgate.it.fixture.FreeRadius;
import org.jumpgate.it.fixture.TempDirs;
import org.jumpgate.radius.RadiusClient;
import org.jumpgate.radius.RadiusClient.Answer;
import org.jumpgate.testing.LogCapture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The RADIUS client as the gateway uses it, against a real FreeRADIUS 3.2 on loopback. */
class RadiusClientTest {

    private static final String SECRET = "jg-radius-secret-7f3a9c2e51";
    private static final String WRONG_SECRET = "jg-not-the-secret-0b8d4e66aa";
    private static final Duration TIMEOUT = Duration.ofMillis(300);
    private static final int RETRIES = 1;
    /** What one unreachable server may cost beyond timeout × (1 + retries): scheduling, a loaded CI machine. */
    private static final Duration SLACK = Duration.ofSeconds(2);

    private static final String WELCOME = "Welcome to the cluster";
    private static final String LOCKED = "Your token is locked";
    private static final String PROMPT = "Enter the code sent to your phone";
    private static final List<FreeRadius.User> USERS = List.of(
            FreeRadius.User.accepted("jgradalice", "123456", WELCOME),
            FreeRadius.User.locked("jgradbob", LOCKED),
            FreeRadius.User.challenged("jgradcarol", PROMPT, "654321"));

    private static FreeRadius radius;
    private static Path dir;
    private final List<RadiusClient> clients = new ArrayList<>();
    private LogCapture log;

    @BeforeAll
    static void startFreeRadius() {
        radius = FreeRadius.start(SECRET, USERS);
        dir = TempDirs.create("radius-client");
    }

    @AfterAll
    static void stopFreeRadius() {
        if (radius != null) {
            radius.close();
        }
        TempDirs.delete(dir);
    }

    @BeforeEach
    void captureLogs() {
        log = LogCapture.of("org.jumpgate");
    }

    /** No line the gateway logged, in any test, holds a shared secret (right or wrong) or a password. */
    @AfterEach
    void noSecretInAnyLogLine() {
        try {
            assertThat(log.events()).allSatisfy(e -> assertThat(e.getFormattedMessage() + e.getThrowableProxy())
                    .doesNotContain(SECRET).doesNotContain(WRONG_SECRET).doesNotContain("123456")
                    .doesNotContain("654321"));
        } finally {
            log.close();
            clients.forEach(RadiusClient::close);
        }
    }

    private RadiusClient client(String secret, String... servers) throws IOException {
        Path f = Files.createTempFile(dir, "secret", "");
        Files.writeString(f, secret + "\n");
        Files.setPosixFilePermissions(f, PosixFilePermissions.fromString("rw-------"));
        List<HostPort> hosts = List.of(servers).stream().map(s -> HostPort.parse(s, 1812)).toList();
        RadiusClient c = RadiusClient.create(new RadiusConfig(hosts, f, TIMEOUT, RETRIES, "jumpgate-it"));
        clients.add(c);
        return c;
    }

    @Test
    void theRightCodeIsAcceptedWithTheServersMessage() throws Exception {
        RadiusClient c = client(SECRET, radius.address());

        assertThat(c.authenticate("jgradalice", "123456", null)).isEqualTo(new Answer.Accept(WELCOME));
        // the server saw our NAS and a valid Message-Authenticator (it requires one, or drops the request)
        assertThat(radius.awaitLog("Login OK: [jgradalice]")).contains("from client loopback");
    }

    @Test
    void aWrongCodeIsRejected() throws Exception {
        RadiusClient c = client(SECRET, radius.address());

        assertThat(c.authenticate("jgradalice", "000000", null)).isEqualTo(new Answer.Reject(""));
        radius.awaitLog("Login incorrect");
    }

    @Test
    void aLockedTokenIsRejectedWithTheServersReason() throws Exception {
        RadiusClient c = client(SECRET, radius.address());

        assertThat(c.authenticate("jgradbob", "123456", null)).isEqualTo(new Answer.Reject(LOCKED));
    }

    @Test
    void aChallengeIsAnsweredWithItsStateAndTheCode() throws Exception {
        RadiusClient c = client(SECRET, radius.address());

        Answer first = c.authenticate("jgradcarol", "", null);
        assertThat(first).isInstanceOf(Answer.Challenge.class);
        Answer.Challenge challenge = (Answer.Challenge) first;
        assertThat(challenge.replyMessage()).isEqualTo(PROMPT);
        assertThat(challenge.state()).isNotEmpty();

        assertThat(c.authenticate("jgradcarol", "654321", challenge.state())).isInstanceOf(Answer.Accept.class);
        assertThat(radius.awaitLog("Login OK: [jgradcarol]")).contains("from client loopback");
    }

    @Test
    void aChallengeAnsweredWronglyOrWithoutItsStateIsNotAccepted() throws Exception {
        RadiusClient c = client(SECRET, radius.address());
        Answer.Challenge challenge = (Answer.Challenge) c.authenticate("jgradcarol", "", null);

        assertThat(c.authenticate("jgradcarol", "111111", challenge.state())).isInstanceOf(Answer.Reject.class);
        // the code without the State is a new first round, not a way around the challenge
        assertThat(c.authenticate("jgradcarol", "654321", null)).isInstanceOf(Answer.Challenge.class);
        // a State the server never sent finds no challenge: rejected
        assertThat(c.authenticate("jgradcarol", "654321", "not-a-state-of-it".getBytes()))
                .isInstanceOf(Answer.Reject.class);
    }

    @Test
    void aWrongSharedSecretGetsNoValidReplyAndIsUnreachable() throws Exception {
        RadiusClient c = client(WRONG_SECRET, radius.address());

        Answer a = c.authenticate("jgradalice", "123456", null);

        // FreeRADIUS drops a request whose Message-Authenticator does not verify: no reply at all
        assertThat(a).isEqualTo(new Answer.Unreachable(radius.address() + ": no answer (2 tries of 300 ms)"));
        assertThat(radius.awaitLog("Shared secret is incorrect")).contains("invalid Message-Authenticator");
        assertThat(log.messages()).contains("RADIUS server " + radius.address() + ": no answer (2 tries of 300 ms)");
    }

    @Test
    void aServerDownIsUnreachableWithinTimeoutTimesTries() throws Exception {
        try (FreeRadius down = FreeRadius.start(SECRET, USERS)) {
            down.stop();
            RadiusClient c = client(SECRET, down.address());

            long start = System.nanoTime();
            Answer a = c.authenticate("jgradalice", "123456", null);
            Duration took = Duration.ofNanos(System.nanoTime() - start);

            assertThat(a).isEqualTo(new Answer.Unreachable(down.address() + ": no answer (2 tries of 300 ms)"));
            assertThat(took).isGreaterThanOrEqualTo(TIMEOUT.multipliedBy(1 + RETRIES))
                    .isLessThan(TIMEOUT.multipliedBy(1 + RETRIES).plus(SLACK));
        }
    }

    @Test
    void withTheFirstServerDownTheSecondAnswers() throws Exception {
        try (FreeRadius down = FreeRadius.start(SECRET, USERS)) {
            down.stop();
            RadiusClient c = client(SECRET, down.address(), radius.address());

            long start = System.nanoTime();
            assertThat(c.authenticate("jgradalice", "123456", null)).isEqualTo(new Answer.Accept(WELCOME));
            Duration took = Duration.ofNanos(System.nanoTime() - start);

            assertThat(took).isLessThan(TIMEOUT.multipliedBy(1 + RETRIES).plus(SLACK));
            assertThat(log.messages()).containsExactly("RADIUS server " + down.address()
                    + ": no answer (2 tries of 300 ms)");
        }
    }

    @Test
    void allServersDownIsUnreachableNamingEach() throws Exception {
        try (FreeRadius one = FreeRadius.start(SECRET, USERS); FreeRadius two = FreeRadius.start(SECRET, USERS)) {
            one.stop();
            two.stop();
            RadiusClient c = client(SECRET, one.address(), two.address());

            assertThat(c.authenticate("jgradalice", "123456", null)).isEqualTo(new Answer.Unreachable(
                    one.address() + ": no answer (2 tries of 300 ms); "
                            + two.address() + ": no answer (2 tries of 300 ms)"));
        }
    }

    @Test
    void aChallengesAnswerGoesToTheServerThatSentIt() throws Exception {
        try (FreeRadius first = FreeRadius.start(SECRET, USERS)) {
            first.stop();
            RadiusClient c = client(SECRET, first.address(), radius.address());
            Answer.Challenge challenge = (Answer.Challenge) c.authenticate("jgradcarol", "", null);
            // the first server is back, but it never sent this challenge: the second one gets the answer
            first.restart();

            assertThat(c.authenticate("jgradcarol", "654321", challenge.state())).isInstanceOf(Answer.Accept.class);
            assertThat(first.log()).doesNotContain("jgradcarol");
            assertThat(log.messages()).containsExactly("RADIUS server " + first.address()
                    + ": no answer (2 tries of 300 ms)");
        }
    }
}
