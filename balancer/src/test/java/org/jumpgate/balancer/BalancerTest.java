package org.jumpgate.balancer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.jumpgate.balancer.testing.LoopbackServer.http;
import static org.jumpgate.balancer.testing.LoopbackServer.says;
import static org.jumpgate.balancer.testing.LoopbackServer.saysAndCloses;
import static org.jumpgate.balancer.testing.LoopbackServer.silent;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.jumpgate.balancer.testing.LoopbackServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The whole balancer, probing real servers on 127.0.0.1 in real time. */
class BalancerTest {

    private static final Duration AT_MOST = Duration.ofSeconds(10);
    private static final BalancerSettings FAST = BalancerSettings.defaults()
            .withInterval(Duration.ofMillis(100)).withProbeTimeout(Duration.ofMillis(300));

    private final List<AutoCloseable> open = new ArrayList<>();

    @AfterEach
    void closeAll() throws Exception {
        for (int i = open.size() - 1; i >= 0; i--) {
            open.get(i).close();
        }
    }

    private <T extends AutoCloseable> T open(T closeable) {
        open.add(closeable);
        return closeable;
    }

    private LoopbackServer sshd() {
        return open(LoopbackServer.start(says("SSH-2.0-OpenSSH_9.2p1 test\r\n")));
    }

    private static String metrics(double load1) {
        return "node_cpu_seconds_total{cpu=\"0\",mode=\"idle\"} 1\nnode_cpu_seconds_total{cpu=\"1\",mode=\"idle\"} 1\n"
                + "node_load1 " + load1 + "\nnode_memory_MemAvailable_bytes 8e9\nnode_memory_MemTotal_bytes 1.6e10\n";
    }

    private static BackendConfig backend(String name, LoopbackServer sshd, LoopbackServer exporter) {
        return new BackendConfig(new Backend(name, sshd.host(), sshd.port()),
                exporter == null ? ProbeConfig.none() : ProbeConfig.metrics("http://" + exporter.address() + "/metrics"));
    }

    private static BackendState state(Balancer b, String name) {
        return b.backend(name).orElseThrow().state();
    }

    @Test
    void newLoginsGoToTheLeastLoadedNodeByLiveMetrics() {
        LoopbackServer e1 = open(LoopbackServer.start(http(200, metrics(1.8))));
        LoopbackServer e2 = open(LoopbackServer.start(http(200, metrics(0.2))));
        Balancer balancer = open(Balancer.create(FAST, List.of(backend("login-1", sshd(), e1), backend("login-2", sshd(), e2))));
        balancer.start();

        await().atMost(AT_MOST).untilAsserted(() -> assertThat(balancer.backends())
                .allSatisfy(s -> assertThat(s.loadPerCpu()).isNotNull()));
        assertThat(balancer.pick("alice", null)).extracting(Backend::name).containsExactly("login-2", "login-1");
        BackendStatus two = balancer.backend("login-2").orElseThrow();
        assertThat(two.loadPerCpu()).isEqualTo(0.1);
        assertThat(two.cpus()).isEqualTo(2);
        assertThat(two.memoryUsed()).isEqualTo(0.5);
        assertThat(two.reason()).startsWith("ssh: SSH-2.0-OpenSSH_9.2p1 test; load: load1 0.20 on 2 CPUs");

        e1.behave(http(200, metrics(0.0)));
        e2.behave(http(200, metrics(3.0)));
        await().atMost(AT_MOST).untilAsserted(() ->
                assertThat(balancer.pick("bob", null)).first().extracting(Backend::name).isEqualTo("login-1"));
    }

    @Test
    void deadSshdIsDownWithinFallIntervalsAndUpAgainAfterRise() {
        LoopbackServer good = sshd();
        LoopbackServer flaky = sshd();
        Balancer balancer = open(Balancer.create(FAST, List.of(backend("login-1", good, null), backend("login-2", flaky, null))));
        balancer.start();
        await().atMost(AT_MOST).until(() -> balancer.backend("login-2").orElseThrow().checkedAt() != null);

        flaky.behave(saysAndCloses(""));
        await().atMost(AT_MOST).until(() -> state(balancer, "login-2") == BackendState.DOWN);
        assertThat(balancer.backend("login-2").orElseThrow().reason())
                .startsWith("ssh: connection closed before the SSH identification");
        for (int i = 0; i < 10; i++) {
            assertThat(balancer.pick("user" + i, null)).extracting(Backend::name).containsExactly("login-1");
        }

        flaky.behave(says("SSH-2.0-back\r\n"));
        await().atMost(AT_MOST).until(() -> state(balancer, "login-2") == BackendState.UP);
    }

    @Test
    void hungSshdIsMarkedDownByIdentificationTimeoutAndDoesNotStallTheOthers() {
        LoopbackServer good = sshd();
        LoopbackServer hung = open(LoopbackServer.start(silent()));
        Balancer balancer = open(Balancer.create(FAST, List.of(backend("login-1", good, null), backend("login-2", hung, null))));
        balancer.start();

        await().atMost(AT_MOST).until(() -> state(balancer, "login-2") == BackendState.DOWN);
        assertThat(balancer.backend("login-2").orElseThrow().reason())
                .startsWith("ssh: no complete SSH identification within 300ms");
        int before = good.connections();
        await().atMost(AT_MOST).until(() -> good.connections() >= before + 5);
        assertThat(state(balancer, "login-1")).isEqualTo(BackendState.UP);
        assertThat(balancer.pick("alice", null)).extracting(Backend::name).containsExactly("login-1");
    }

    @Test
    void brokenMetricsAreReportedAndMakeTheNodeLessAttractiveButNotDown() {
        LoopbackServer good = open(LoopbackServer.start(http(200, metrics(0.8))));
        LoopbackServer broken = open(LoopbackServer.start(http(200, "<html>oops</html>")));
        Balancer balancer = open(Balancer.create(FAST, List.of(backend("login-1", sshd(), broken), backend("login-2", sshd(), good))));
        balancer.start();

        await().atMost(AT_MOST).untilAsserted(() -> assertThat(balancer.backend("login-1").orElseThrow().reason())
                .endsWith("load: metrics: no node_load1 sample"));
        await().atMost(AT_MOST).until(() -> balancer.backend("login-2").orElseThrow().loadPerCpu() != null);
        assertThat(state(balancer, "login-1")).isEqualTo(BackendState.UP);
        assertThat(balancer.backend("login-1").orElseThrow().loadPerCpu()).isNull();
        assertThat(balancer.pick("alice", null)).extracting(Backend::name).containsExactly("login-2", "login-1");
    }

    @Test
    void agentCheckDrainsAndReweightsANode() {
        LoopbackServer agent = open(LoopbackServer.start(saysAndCloses("up 100%\n")));
        Balancer balancer = open(Balancer.create(FAST, List.of(
                new BackendConfig(new Backend("login-1", "127.0.0.1", sshd().port()), ProbeConfig.agent(agent.address())),
                backend("login-2", sshd(), null))));
        balancer.start();
        await().atMost(AT_MOST).until(() -> balancer.backend("login-1").orElseThrow().loadPerCpu() != null);

        agent.behave(saysAndCloses("DRAIN 50%\n"));
        await().atMost(AT_MOST).until(() -> state(balancer, "login-1") == BackendState.DRAIN);
        assertThat(balancer.backend("login-1").orElseThrow().reason()).startsWith("agent said drain; ");
        assertThat(balancer.pick("alice", null)).extracting(Backend::name).containsExactly("login-2");

        agent.behave(saysAndCloses("ready\n"));
        await().atMost(AT_MOST).until(() -> state(balancer, "login-1") == BackendState.UP);
        assertThat(balancer.backend("login-1").orElseThrow().loadPerCpu()).isEqualTo(0.5);
    }

    @Test
    void newNodesTakeNoSessionUntilTheirFirstProbeAndThenAtOnce() {
        Balancer balancer = open(Balancer.create(FAST.withRiseFall(5, 2), List.of(backend("login-1", sshd(), null))));
        assertThat(state(balancer, "login-1")).isEqualTo(BackendState.CHECKING);
        assertThat(balancer.pick("alice", null)).isEmpty();
        assertThat(balancer.pick("alice", "login-1")).isEmpty();

        balancer.start();

        await().atMost(AT_MOST).until(() -> state(balancer, "login-1") == BackendState.UP);
        assertThat(balancer.pick("alice", null)).extracting(Backend::name).containsExactly("login-1");
    }

    @Test
    void drainKeepsLiveSessionsAndUndrainRestores() {
        Balancer balancer = open(Balancer.create(FAST, List.of(backend("login-1", sshd(), null), backend("login-2", sshd(), null))));
        balancer.start();
        await().atMost(AT_MOST).until(() -> balancer.backends().stream().allMatch(b -> b.state() == BackendState.UP));
        BackendSelector.SessionHandle live = balancer.sessionStarted("login-1", "alice");

        assertThat(balancer.drain("login-1")).isTrue();
        assertThat(balancer.drain("nope")).isFalse();
        BackendStatus drained = balancer.backend("login-1").orElseThrow();
        assertThat(drained.state()).isEqualTo(BackendState.DRAIN);
        assertThat(drained.drained()).isTrue();
        assertThat(drained.sessions()).isEqualTo(1);
        assertThat(drained.score()).isNull();
        assertThat(balancer.pick("alice", null)).extracting(Backend::name).containsExactly("login-2");
        assertThat(balancer.pick("alice", "login-1")).extracting(Backend::name).containsExactly("login-1");

        assertThat(balancer.undrain("login-1")).isTrue();
        assertThat(balancer.pick("alice", null)).extracting(Backend::name).first().isEqualTo("login-1");
        live.close();
    }

    @Test
    void reloadAddsAndRemovesBackendsWithoutLosingSessions() {
        LoopbackServer s1 = sshd();
        LoopbackServer s2 = sshd();
        LoopbackServer s3 = sshd();
        Balancer balancer = open(Balancer.create(FAST, List.of(backend("login-1", s1, null), backend("login-2", s2, null))));
        balancer.start();
        balancer.sessionStarted("login-1", "alice");
        balancer.drain("login-1");

        balancer.reconfigure(List.of(backend("login-1", s1, null), backend("login-3", s3, null)));

        assertThat(balancer.backends()).extracting(BackendStatus::name).containsExactly("login-1", "login-3");
        assertThat(balancer.backend("login-1").orElseThrow().sessions()).isEqualTo(1);
        assertThat(balancer.backend("login-1").orElseThrow().drained()).isTrue();
        await().atMost(AT_MOST).until(() -> s3.connections() > 0);
        int s2Seen = s2.connections();
        await().atMost(AT_MOST).until(() -> s3.connections() > 3);
        assertThat(s2.connections()).as("removed backend no longer probed").isLessThanOrEqualTo(s2Seen + 1);
    }

    @Test
    void closeIsIdempotentAndStartAfterCloseFails() {
        Balancer balancer = Balancer.create(FAST, List.of(backend("login-1", sshd(), null)));
        balancer.start();
        balancer.start();
        balancer.close();
        balancer.close();

        org.assertj.core.api.Assertions.assertThatThrownBy(balancer::start).isInstanceOf(IllegalStateException.class);
        assertThat(balancer.backends()).as("selection keeps answering from the last state").hasSize(1);
    }
}
