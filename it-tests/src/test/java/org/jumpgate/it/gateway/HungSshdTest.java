package org.jumpgate.it.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.jumpgate.it.fixture.BackgroundProcess;
import org.jumpgate.it.fixture.OpenSsh;
import org.jumpgate.it.fixture.Result;
import org.jumpgate.it.fixture.TestUser;
import org.junit.jupiter.api.Test;

/**
 * A login node whose sshd hangs (its connection processes SIGSTOPped, TCP open, the listener still
 * answering probes) while a user's {@code ssh mila} is open: with the default keepalives
 * (backendLink.keepalive 10s, keepaliveCountMax 3) the session ends with a line saying why,
 * instead of hanging until TCP gives up.
 */
class HungSshdTest {

    /** Bound of the wait, not what is asserted: the defaults end it at most 30 s after the last answer. */
    private static final Duration AT_MOST = Duration.ofSeconds(60);

    @Test
    void aLoginNodeWhoseSshdHangsEndsTheUsersSessionSayingSo() throws Exception {
        try (GatewayFixture gw = GatewayFixture.startKeyOnly(List.of("login-1"), Map.of(), "")) {
            TestUser user = gw.user("hung");
            OpenSsh client = gw.client(user);
            try (BackgroundProcess open = client.startSsh("mila", "echo up on $LOGIN_NODE; sleep 590")) {
                await().atMost(Duration.ofSeconds(30)).until(() -> open.stdout().startsWith("up on login-1"));
                long stoppedAt = System.nanoTime();
                gw.node("login-1").stopConnections();
                try {
                    await().atMost(AT_MOST).until(() -> !open.isAlive());
                    Duration took = Duration.ofNanos(System.nanoTime() - stoppedAt);
                    System.out.printf("HungSshdTest: the session ended %.1f s after the login node hung%n",
                            took.toMillis() / 1000.0);
                    Result end = open.awaitExit(Duration.ofSeconds(5));
                    assertThat(end.exitCode()).isNotZero();
                    assertThat(end.stderr()).as(end.toString())
                            .contains("jumpgate: login node login-1 stopped answering; reconnect to continue");
                } finally {
                    gw.node("login-1").cont();
                }
            }
        }
    }
}
