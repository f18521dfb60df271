package org.jumpgate.it.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.jumpgate.balancer.BackendState;
import org.jumpgate.it.fixture.Result;
import org.jumpgate.it.fixture.TestUser;
import org.junit.jupiter.api.Test;

/**
 * Logins at the speed of direct ssh, as an operator checks them against real OpenSSH login nodes:
 * {@code backendLink.linger} (a user's next {@code ssh mila} takes their lingering link: one login
 * in the login node's sshd log for two connections) and {@code backendLink.pool} (a new link logs
 * in on a session whose key exchange was already done); and {@code backendLink.kemKeyReuse}
 * (OpenSSH 9.2's sshd takes key exchanges on one sntrup761 key pair of the gateway's).
 */
class BackendLinkReuseTest {

    private static final Duration WAIT = Duration.ofSeconds(20);

    private static double meter(GatewayFixture gw, String name) {
        MeterRegistry r = gw.gateway().metrics();
        return r.find(name).gauge() != null ? r.find(name).gauge().value() : r.get(name).functionCounter().count();
    }

    /** Logins of {@code user} in the login node's sshd log (LogLevel VERBOSE: one line per accepted certificate). */
    private static long sshdLogins(GatewayFixture gw, TestUser user) {
        return gw.node("login-1").log().lines().filter(l -> l.contains("Accepted publickey for " + user.name() + " "))
                .count();
    }

    private static long audited(GatewayFixture gw, String event, TestUser user) {
        return gw.audit().lines().filter(l -> l.contains("\"event\":\"" + event + "\"")
                && l.contains("\"user\":\"" + user.name() + "\"")).count();
    }

    private static void ok(Result r) {
        assertThat(r.exitCode()).as(r.toString()).isZero();
    }

    @Test
    void theSecondSshOfOneUserTakesTheLingeringLinkAndAnotherUserNeverDoes() throws Exception {
        try (GatewayFixture gw = GatewayFixture.startKeyOnly(List.of("login-1"), Map.of(),
                "backendLink:\n  connectTimeout: 5s\n  linger: 10s\n")) {
            TestUser alice = gw.user("lga");
            TestUser bob = gw.user("lgb");
            ok(gw.client(alice).ssh("mila", "true"));
            await().atMost(WAIT).until(() -> meter(gw, "jumpgate.backend.links.lingering") == 1);

            ok(gw.client(alice).ssh("mila", "true"));

            assertThat(audited(gw, "backend.reused", alice)).isEqualTo(1);
            assertThat(audited(gw, "backend.chosen", alice)).isEqualTo(1);
            assertThat(meter(gw, "jumpgate.backend.links.reused")).isEqualTo(1);
            gw.node("login-1").awaitLog("Accepted publickey for " + alice.name() + " ");
            assertThat(sshdLogins(gw, alice)).as("one login on the login node for two ssh").isEqualTo(1);

            await().atMost(WAIT).until(() -> meter(gw, "jumpgate.backend.links.lingering") == 1);
            ok(gw.client(bob).ssh("mila", "true"));
            assertThat(audited(gw, "backend.reused", bob)).isZero();
            assertThat(audited(gw, "backend.chosen", bob)).isEqualTo(1);
            await().atMost(WAIT).until(() -> sshdLogins(gw, bob) == 1);
            assertThat(meter(gw, "jumpgate.backend.links.reused")).isEqualTo(1);
        }
    }

    @Test
    void withLingerZeroEverySshLogsIn() throws Exception {
        try (GatewayFixture gw = GatewayFixture.startKeyOnly(List.of("login-1"), Map.of(),
                "backendLink:\n  connectTimeout: 5s\n  linger: 0s\n")) {
            TestUser alice = gw.user("lgz");
            ok(gw.client(alice).ssh("mila", "true"));
            ok(gw.client(alice).ssh("mila", "true"));
            assertThat(audited(gw, "backend.reused", alice)).isZero();
            assertThat(audited(gw, "backend.chosen", alice)).isEqualTo(2);
            await().atMost(WAIT).until(() -> sshdLogins(gw, alice) == 2);
            assertThat(meter(gw, "jumpgate.backend.links.lingering")).isZero();
        }
    }

    @Test
    void aPooledSessionIsUsedAndLoginsStillWorkOnceTheNodeRestarted() throws Exception {
        try (GatewayFixture gw = GatewayFixture.startKeyOnly(List.of("login-1"), Map.of(),
                "backendLink:\n  connectTimeout: 5s\n  linger: 0s\n  pool: {size: 1, maxAge: 60s}\n")) {
            TestUser alice = gw.user("pla");
            await().atMost(WAIT).until(() -> meter(gw, "jumpgate.backend.pool.sessions") == 1);

            ok(gw.client(alice).ssh("mila", "true"));

            assertThat(meter(gw, "jumpgate.backend.pool.hits")).isEqualTo(1);
            assertThat(meter(gw, "jumpgate.backend.pool.misses")).isZero();
            await().atMost(WAIT).until(() -> sshdLogins(gw, alice) == 1);
            await().atMost(WAIT).until(() -> meter(gw, "jumpgate.backend.pool.sessions") == 1); // refilled

            // the login node dies with its connections (the pooled one too) and comes back
            gw.node("login-1").kill9();
            gw.node("login-1").restart();
            await().atMost(WAIT).until(() -> gw.gateway().balancer().backend("login-1")
                    .map(b -> b.state() == BackendState.UP).orElse(false));
            ok(gw.client(alice).ssh("mila", "true"));
            await().atMost(WAIT).until(() -> meter(gw, "jumpgate.backend.pool.sessions") == 1);
            ok(gw.client(alice).ssh("mila", "true"));
            assertThat(meter(gw, "jumpgate.backend.pool.hits") + meter(gw, "jumpgate.backend.pool.misses"))
                    .isEqualTo(3);
        }
    }

    @Test
    void loginsToOpenSshShareAnSntrup761KeyPairWithinItsUses() throws Exception {
        try (GatewayFixture gw = GatewayFixture.startKeyOnly(List.of("login-1"), Map.of(),
                "backendLink:\n  connectTimeout: 5s\n  linger: 0s\n  kemKeyReuse: {uses: 2, maxAge: 10m}\n")) {
            TestUser alice = gw.user("kma");
            for (int i = 0; i < 3; i++) {
                ok(gw.client(alice).ssh("mila", "true"));
            }

            await().atMost(WAIT).until(() -> sshdLogins(gw, alice) == 3);
            assertThat(meter(gw, "jumpgate.backend.kem.keys.generated"))
                    .as("three sntrup761x25519 exchanges with sshd 9.2 on two key pairs").isEqualTo(2);
        }
    }
}
