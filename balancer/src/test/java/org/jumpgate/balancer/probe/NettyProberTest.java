package org.jumpgate.balancer.probe;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.jumpgate.balancer.testing.LoopbackServer.says;
import static org.jumpgate.balancer.testing.LoopbackServer.saysAndCloses;

import com.github.benmanes.caffeine.cache.Ticker;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.jumpgate.balancer.Backend;
import org.jumpgate.balancer.BackendConfig;
import org.jumpgate.balancer.ProbeConfig;
import org.jumpgate.balancer.ProbeObserver;
import org.jumpgate.balancer.pool.BackendPool;
import org.jumpgate.balancer.testing.LoopbackServer;
import org.jumpgate.testing.LogCapture;
import org.jumpgate.testing.ManualClock;
import org.junit.jupiter.api.Test;

/** The prober against a real server on 127.0.0.1, probing in real time; what it logs paced by a moved clock. */
class NettyProberTest {

    private static final Duration AT_MOST = Duration.ofSeconds(10);

    @Test
    void aBackendThatKeepsFailingIsOneLineUntilItPassesAgain() {
        ManualClock clock = new ManualClock(Instant.parse("2026-11-26T10:00:00Z"));
        BackendPool pool = BackendPool.create(2, 2, clock);
        try (LoopbackServer sshd = LoopbackServer.start(saysAndCloses(""));
             LogCapture log = LogCapture.of(NettyProber.class.getName());
             Prober prober = Prober.create(pool, Duration.ofMillis(20), Duration.ofMillis(500), clock)) {
            pool.reconfigure(List.of(new BackendConfig(new Backend("login-1", sshd.host(), sshd.port()),
                    ProbeConfig.none())));
            prober.start();
            await().atMost(AT_MOST).until(() -> sshd.connections() >= 20);

            assertThat(log.messages()).containsExactly(
                    "SSH probe of login-1 failed: connection closed before the SSH identification");
            assertThat(log.events()).allSatisfy(e -> assertThat(e.getThrowableProxy()).isNull());

            clock.advance(ProbeLog.SUMMARY_EVERY);
            await().atMost(AT_MOST).until(() -> log.messages().size() == 2);
            assertThat(log.messages().get(1)).startsWith("SSH probe of login-1 still failing: connection closed"
                    + " before the SSH identification (");

            sshd.behave(says("SSH-2.0-back\r\n"));
            await().atMost(AT_MOST).until(() -> log.messages().size() == 3);
            assertThat(log.messages().get(2)).startsWith("SSH probe of login-1 passes again, after ");
        }
    }

    @Test
    void theObserverIsToldOfEachProbeWhetherItPassedAndHowLongItTook() {
        ManualClock clock = new ManualClock(Instant.parse("2026-11-26T10:00:00Z"));
        BackendPool pool = BackendPool.create(2, 2, clock);
        List<String> seen = new CopyOnWriteArrayList<>();
        List<Duration> took = new CopyOnWriteArrayList<>();
        ProbeObserver observer = (backend, probe, passed, duration) -> {
            seen.add(backend + " " + probe + " " + (passed ? "passed" : "failed"));
            took.add(duration);
        };
        try (LoopbackServer good = LoopbackServer.start(says("SSH-2.0-node\r\n"));
             LoopbackServer bad = LoopbackServer.start(saysAndCloses(""));
             Prober prober = Prober.create(pool, Duration.ofMillis(20), Duration.ofMillis(500), clock,
                     Ticker.systemTicker(), observer)) {
            pool.reconfigure(List.of(
                    new BackendConfig(new Backend("login-1", good.host(), good.port()), ProbeConfig.none()),
                    new BackendConfig(new Backend("login-2", bad.host(), bad.port()), ProbeConfig.none())));
            prober.start();
            await().atMost(AT_MOST).until(() -> seen.contains("login-1 SSH passed") && seen.contains("login-2 SSH failed"));

            assertThat(seen).allMatch(s -> s.equals("login-1 SSH passed") || s.equals("login-2 SSH failed"));
            assertThat(took).allSatisfy(d -> assertThat(d).isPositive().isLessThan(AT_MOST));
        }
    }
}
