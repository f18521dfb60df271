package org.jumpgate.balancer.selection;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.jumpgate.balancer.Backend;
import org.jumpgate.balancer.BackendConfig;
import org.jumpgate.balancer.BackendSelector.SessionHandle;
import org.jumpgate.balancer.ProbeConfig;
import org.jumpgate.balancer.affinity.Affinity;
import org.jumpgate.balancer.pool.AgentReply;
import org.jumpgate.balancer.pool.BackendPool;
import org.jumpgate.balancer.pool.NodeMetrics;
import org.jumpgate.balancer.pool.PoolMember;
import org.jumpgate.testing.ManualClock;
import org.junit.jupiter.api.Test;

class SelectionTest {

    private static final long GIB = 1L << 30;

    private final ManualClock time = new ManualClock(Instant.parse("2026-11-01T08:00:00Z"));
    private final BackendPool pool = BackendPool.create(2, 2, time);
    private final Selection selection = Selection.create(pool, Affinity.create(Duration.ofHours(12), time),
            Scoring.standard(Duration.ofSeconds(3)), 1.5, time);

    private void nodes(int... weights) {
        List<BackendConfig> configs = new ArrayList<>();
        for (int i = 0; i < weights.length; i++) {
            String name = "login-" + (i + 1);
            configs.add(new BackendConfig(new Backend(name, "10.0.0." + (11 + i), 22, weights[i]),
                    ProbeConfig.metrics("http://10.0.0." + (11 + i) + ":9100/metrics")));
        }
        pool.reconfigure(configs);
        for (PoolMember m : pool.members()) {
            m.sshPassed("SSH-2.0-OpenSSH_9.2");
            load(m.name(), 0.0);
        }
    }

    private PoolMember member(String name) {
        return pool.member(name).orElseThrow();
    }

    private void load(String name, double load1) {
        member(name).metricsReceived(new NodeMetrics(load1, 4, 12 * GIB, 16 * GIB));
    }

    private List<String> pick(String user) {
        return selection.pick(user, null).stream().map(Backend::name).toList();
    }

    private void down(String name) {
        member(name).sshFailed("connect refused");
        member(name).sshFailed("connect refused");
    }

    @Test
    void leastLoadedNodeComesFirstAndTheOthersFollowForFailover() {
        nodes(100, 100, 100);
        load("login-1", 3.0);
        load("login-2", 0.4);
        load("login-3", 1.2);

        assertThat(pick("alice")).containsExactly("login-2", "login-3", "login-1");
    }

    @Test
    void memoryPressureCounts() {
        nodes(100, 100);
        member("login-1").metricsReceived(new NodeMetrics(0.4, 4, GIB, 16 * GIB));
        load("login-2", 0.8);

        assertThat(pick("alice")).first().isEqualTo("login-2");
    }

    @Test
    void burstOfLoginsSpreadsAcrossNodes() {
        nodes(100, 100, 100);

        Map<String, Long> counts = Map.of();
        for (int i = 0; i < 30; i++) {
            counts = merge(counts, pick("user" + i).get(0));
        }

        assertThat(counts).containsOnly(Map.entry("login-1", 10L), Map.entry("login-2", 10L), Map.entry("login-3", 10L));
    }

    @Test
    void burstSpreadsInProportionToWeight() {
        nodes(200, 100, 100);

        Map<String, Long> counts = Map.of();
        for (int i = 0; i < 40; i++) {
            counts = merge(counts, pick("user" + i).get(0));
        }

        assertThat(counts.get("login-1")).isBetween(19L, 21L);
        assertThat(counts.get("login-2")).isBetween(9L, 11L);
        assertThat(counts.get("login-3")).isBetween(9L, 11L);
    }

    @Test
    void burstFillsTheIdleNodeFirstThenSpreads() {
        nodes(100, 100);
        load("login-1", 8.0);
        load("login-2", 0.0);

        List<String> firsts = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            firsts.add(pick("user" + i).get(0));
        }

        assertThat(firsts.subList(0, 8)).containsOnly("login-2");
        assertThat(firsts.subList(8, 12)).contains("login-1", "login-2");
    }

    @Test
    void concurrentBurstOfLoginsSpreadsAcrossNodes() throws Exception {
        nodes(100, 100, 100);
        ExecutorService threads = Executors.newFixedThreadPool(8);
        try {
            CountDownLatch go = new CountDownLatch(1);
            Map<String, AtomicInteger> counts = new ConcurrentHashMap<>();
            List<Future<?>> done = new ArrayList<>();
            for (int i = 0; i < 30; i++) {
                String user = "user" + i;
                done.add(threads.submit(() -> {
                    go.await();
                    String first = selection.pick(user, null).get(0).name();
                    counts.computeIfAbsent(first, k -> new AtomicInteger()).incrementAndGet();
                    return null;
                }));
            }
            go.countDown();
            for (Future<?> f : done) {
                f.get(10, TimeUnit.SECONDS);
            }
            assertThat(counts).hasSize(3);
            assertThat(counts.values()).allSatisfy(c -> assertThat(c.get()).isEqualTo(10));
        } finally {
            threads.shutdownNow();
        }
    }

    @Test
    void aProbeResetsTheBurstCountSoFreshLoadDecides() {
        nodes(100, 100);
        for (int i = 0; i < 5; i++) {
            pick("u" + i);
        }
        time.advance(Duration.ofSeconds(1));
        load("login-1", 0.1);
        load("login-2", 0.9);

        assertThat(pick("next")).first().isEqualTo("login-1");
    }

    @Test
    void liveSessionsOfThisGatewayCount() {
        nodes(100, 100);
        for (int i = 0; i < 10; i++) {
            selection.sessionStarted("login-1", "u" + i);
        }

        assertThat(pick("alice")).first().isEqualTo("login-2");
    }

    @Test
    void downAndDrainedNodesAreNotOffered() {
        nodes(100, 100, 100);
        down("login-1");
        member("login-2").drain();

        assertThat(pick("alice")).containsExactly("login-3");
    }

    @Test
    void whenNoNodeIsUpDownNodesAreTheLastResort() {
        nodes(100, 100, 100);
        down("login-1");
        down("login-2");
        member("login-3").drain();

        assertThat(pick("alice")).containsExactlyInAnyOrder("login-1", "login-2");
    }

    @Test
    void nothingWhenEveryNodeIsDrainedOrInMaintenance() {
        nodes(100, 100);
        member("login-1").drain();
        member("login-2").drain();

        assertThat(pick("alice")).isEmpty();
    }

    @Test
    void pinnedGoesOnlyToItsNodeWhateverTheLoad() {
        nodes(100, 100);
        load("login-2", 40.0);

        assertThat(selection.pick("alice", "login-2")).extracting(Backend::name).containsExactly("login-2");
    }

    @Test
    void pinnedGoesToADrainedNodeButNotToADownOrUnknownOne() {
        nodes(100, 100);
        member("login-1").drain();
        down("login-2");

        assertThat(selection.pick("alice", "login-1")).extracting(Backend::name).containsExactly("login-1");
        assertThat(selection.pick("alice", "login-2")).isEmpty();
        assertThat(selection.pick("alice", "login-9")).isEmpty();
    }

    @Test
    void pinnedIsRefusedByAMaintNode() {
        pool.reconfigure(List.of(new BackendConfig(new Backend("login-1", "h", 22), ProbeConfig.agent("h:9777"))));
        member("login-1").sshPassed("SSH-2.0-x");
        member("login-1").agentReplied(new AgentReply(AgentReply.Admin.MAINT, null, -1, -1, null));

        assertThat(selection.pick("alice", "login-1")).isEmpty();
        assertThat(pick("alice")).isEmpty();
    }

    @Test
    void userLandsOnTheSameNodeAgain() {
        nodes(100, 100, 100);
        String first = pick("alice").get(0);
        SessionHandle session = selection.sessionStarted(first, "alice");
        session.close();
        for (int i = 0; i < 6; i++) {
            pick("other" + i);
        }
        time.advance(Duration.ofHours(11));
        for (String n : List.of("login-1", "login-2", "login-3")) {
            load(n, n.equals(first) ? 1.2 : 0.1);
        }

        assertThat(pick("alice")).first().isEqualTo(first);
    }

    @Test
    void affinityEndsWhenItsNodeIsDrainedOrDown() {
        nodes(100, 100, 100);
        selection.sessionStarted("login-2", "alice");
        load("login-2", 1.0);

        member("login-2").drain();
        assertThat(pick("alice")).doesNotContain("login-2");

        member("login-2").undrain();
        assertThat(pick("alice")).first().isEqualTo("login-2");

        down("login-2");
        assertThat(pick("alice")).doesNotContain("login-2");
    }

    @Test
    void affinityEndsWhenItsNodeIsOverloaded() {
        nodes(100, 100);
        selection.sessionStarted("login-2", "alice");
        load("login-2", 4 * 1.6);

        assertThat(pick("alice")).first().isEqualTo("login-1");
    }

    @Test
    void affinityExpiresAfterTheTtl() {
        nodes(100, 100);
        selection.sessionStarted("login-2", "alice").close();
        time.advance(Duration.ofHours(12).plusMinutes(1));
        load("login-1", 0.0);
        load("login-2", 1.0);

        assertThat(pick("alice")).first().isEqualTo("login-1");
    }

    @Test
    void staleOrFailingLoadCountsAsBusy() {
        nodes(100, 100);
        load("login-1", 0.5);
        load("login-2", 0.6);
        assertThat(pick("alice")).first().isEqualTo("login-1");

        time.advance(Duration.ofSeconds(10));
        load("login-2", 0.6);
        assertThat(pick("bob")).first().as("login-1's sample is 10s old").isEqualTo("login-2");

        load("login-1", 0.5);
        member("login-1").loadFailed("connect refused");
        assertThat(pick("carol")).first().isEqualTo("login-2");
    }

    @Test
    void agentPercentScalesWeightAndMaxconnCapsSessions() {
        pool.reconfigure(List.of(
                new BackendConfig(new Backend("login-1", "a", 22), ProbeConfig.agent("a:9777")),
                new BackendConfig(new Backend("login-2", "b", 22), ProbeConfig.agent("b:9777"))));
        for (PoolMember m : pool.members()) {
            m.sshPassed("SSH-2.0-x");
        }
        member("login-1").agentReplied(new AgentReply(null, AgentReply.Operational.UP, 100, 2, null));
        member("login-2").agentReplied(new AgentReply(null, AgentReply.Operational.UP, 25, -1, null));

        assertThat(pick("a")).first().isEqualTo("login-1");
        selection.sessionStarted("login-1", "a");
        selection.sessionStarted("login-1", "b");

        assertThat(pick("c")).containsExactly("login-2");
    }

    @Test
    void sessionHandleCountsOnceAndClosesOnce() {
        nodes(100);
        SessionHandle h = selection.sessionStarted("login-1", "alice");
        assertThat(member("login-1").view().sessions()).isEqualTo(1);

        h.close();
        h.close();
        assertThat(member("login-1").view().sessions()).isZero();
        selection.sessionStarted("gone", "alice").close();
    }

    private static Map<String, Long> merge(Map<String, Long> counts, String name) {
        Map<String, Long> next = new java.util.HashMap<>(counts);
        next.merge(name, 1L, Long::sum);
        return next;
    }
}
