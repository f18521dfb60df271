package org.jumpgate.cpujobs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import org.apache.curator.test.TestingServer;
import org.jumpgate.cluster.CpuJobUses;
import org.jumpgate.cluster.Fleet;
import org.jumpgate.config.ClusterConfig;
import org.jumpgate.config.CpuJobsConfig;
import org.jumpgate.connection.KeyPolicy;
import org.jumpgate.harness.RecordingAuditLog;
import org.jumpgate.testing.LogCapture;
import org.jumpgate.testing.ManualClock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Two gateways of a fleet on a real (in-process) ZooKeeper share one user's CPU job: the idle
 * cancel counts the uses of every gateway. Slurm is in memory and shared, time is one clock and
 * one scheduler the test moves; each gateway has its own job directory, workers run each task on
 * the calling thread, and the test waits (Awaitility) only for what ZooKeeper writes in the
 * background to be seen by the other gateway.
 */
@Timeout(120)
class FleetCpuJobsTest {

    static final Duration WAIT = Duration.ofSeconds(60);
    static final Duration IDLE = Duration.ofMinutes(10);
    static final Duration POLL = Duration.ofSeconds(2);
    static final Duration SEEN = Duration.ofSeconds(20);

    final ManualClock clock = new ManualClock();
    final ManualScheduler scheduler = new ManualScheduler(clock);
    final FakeSlurm slurm = new FakeSlurm();
    final RecordingAuditLog audit = new RecordingAuditLog();
    final List<AutoCloseable> closing = new ArrayList<>();
    TestingServer zk;

    /** One gateway: its place in the fleet and its CPU jobs. */
    record Gateway(Fleet fleet, CpuJobUses uses, CpuJobs jobs, SimpleMeterRegistry registry) {

        /** {@code jumpgate_cpujobs_kept_total{reason}}. */
        double kept(String reason) {
            return registry.get("jumpgate.cpujobs.kept").tag("reason", reason).functionCounter().count();
        }
    }

    @BeforeEach
    void startZooKeeper() throws Exception {
        zk = new TestingServer();
    }

    @AfterEach
    void stop() throws Exception {
        for (int i = closing.size() - 1; i >= 0; i--) {
            closing.get(i).close();
        }
        zk.close();
    }

    private Gateway gateway(String name) {
        Fleet fleet = Fleet.start(new ClusterConfig(zk.getConnectString(), "/jumpgate", Duration.ofSeconds(3), name),
                name, audit, new SimpleMeterRegistry());
        closing.add(fleet);
        await().atMost(SEEN).until(fleet::connected);
        CpuJobUses uses = fleet.cpuJobUses();
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        CpuJobs jobs = CpuJobs.metered(CpuJobs.start(new CpuJobsConfig("cpu", "jumpgate-cpu", List.of("--mem=8G"),
                WAIT, IDLE), slurm, fleet.userLocks(), uses, new FakeJobDirectory(), audit, Runnable::run, scheduler,
                clock, POLL), registry);
        closing.add(jobs);
        return new Gateway(fleet, uses, jobs, registry);
    }

    private static CompletableFuture<CpuJobs.Use> obtain(Gateway gw, String user) {
        return gw.jobs().obtain(new Requester(user, "s-" + gw.fleet().member(), new KeyPolicy("SHA256:x", Set.of(), null)),
                line -> { });
    }

    /** Waits until {@code gw} sees (or no longer sees) another gateway's use of alice's job {@code id}. */
    private static void othersUse(Gateway gw, String id, boolean used) {
        await().atMost(SEEN).ignoreExceptions().until(() -> gw.uses().usedElsewhere("alice", id) == used);
    }

    @Test
    void aJobUsedThroughAnotherGatewayIsNotCancelledByThisGatewaysIdleTimer() {
        slurm.set("alice", "77", "RUNNING", "None", "cn-a002");
        Gateway a = gateway("gw-a");
        Gateway b = gateway("gw-b");
        CpuJobs.Use onA = obtain(a, "alice").join();
        CpuJobs.Use onB = obtain(b, "alice").join();
        assertThat(onB.job()).isEqualTo(onA.job());
        othersUse(a, "77", true);
        onA.close(); // gw-a's last use: its idle timer starts
        scheduler.advance(IDLE);
        assertThat(slurm.cancelled).as("gw-b still uses it").isEmpty();
        scheduler.advance(IDLE.multipliedBy(3)); // gw-a looks again at each expiry
        assertThat(slurm.cancelled).isEmpty();
        assertThat(a.jobs().tracked()).as("gw-a keeps it, idle").isEqualTo(1);
        assertThat(a.kept("used_elsewhere")).as("each of gw-a's expiries").isEqualTo(4);
        assertThat(a.kept("store_away")).isZero();
        assertThat(slurm.submitted).isEmpty();
        onB.close();
    }

    @Test
    void theJobIsCancelledOnceIdleHasPassedAfterTheLastUseOfAnyGateway() {
        slurm.set("alice", "77", "RUNNING", "None", "cn-a002");
        Gateway a = gateway("gw-a");
        Gateway b = gateway("gw-b");
        CpuJobs.Use onA = obtain(a, "alice").join();
        CpuJobs.Use onB = obtain(b, "alice").join();
        othersUse(a, "77", true);
        onA.close();
        scheduler.advance(IDLE.multipliedBy(2));
        assertThat(slurm.cancelled).isEmpty();
        onB.close(); // the last use of the fleet, just as gw-a looked again
        othersUse(a, "77", false);
        othersUse(b, "77", false);
        scheduler.advance(IDLE.minusSeconds(1));
        assertThat(slurm.cancelled).isEmpty();
        scheduler.advance(Duration.ofSeconds(1));
        assertThat(slurm.cancelled).as("idle after the fleet's last use, by gw-b").containsExactly("alice:77");
        assertThat(audit.events("cpujob.cancelled", "alice")).hasSize(1);
        assertThat(b.jobs().tracked()).isZero();
        scheduler.advance(IDLE.multipliedBy(2));
        assertThat(slurm.cancelled).as("gw-a finds it gone: not cancelled twice").hasSize(1);
        assertThat(a.jobs().tracked()).isZero();
    }

    @Test
    void aJobAnotherGatewayUsedUntilJustNowIsKeptIdleAfterThat() {
        slurm.set("alice", "77", "RUNNING", "None", "cn-a002");
        Gateway a = gateway("gw-a");
        Gateway b = gateway("gw-b");
        CpuJobs.Use onA = obtain(a, "alice").join();
        CpuJobs.Use onB = obtain(b, "alice").join();
        othersUse(a, "77", true);
        onA.close();
        scheduler.advance(IDLE); // gw-a sees gw-b's use
        scheduler.advance(IDLE.minusSeconds(10));
        onB.close(); // 10 s before gw-a looks again
        othersUse(a, "77", false);
        scheduler.advance(Duration.ofSeconds(10));
        assertThat(slurm.cancelled).as("gw-b's use ended only 10 s ago").isEmpty();
        scheduler.advance(IDLE.minusSeconds(10));
        assertThat(slurm.cancelled).as("idle after gw-b's last use").containsExactly("alice:77");
    }

    @Test
    void aGatewayThatDiesWithAUseOpenLetsTheOtherCancelAfterIdle() {
        slurm.set("alice", "77", "RUNNING", "None", "cn-a002");
        Gateway a = gateway("gw-a");
        Gateway b = gateway("gw-b");
        CpuJobs.Use onA = obtain(a, "alice").join();
        obtain(b, "alice").join(); // never closed: gw-b dies with it
        othersUse(a, "77", true);
        onA.close();
        scheduler.advance(IDLE);
        assertThat(slurm.cancelled).isEmpty();
        b.fleet().close(); // gw-b's ZooKeeper session ends: its ephemeral uses go
        othersUse(a, "77", false);
        scheduler.advance(IDLE);
        assertThat(slurm.cancelled).as("gw-b's uses ended less than idle ago").isEmpty();
        scheduler.advance(IDLE);
        assertThat(slurm.cancelled).containsExactly("alice:77");
        assertThat(a.jobs().tracked()).isZero();
    }

    @Test
    void aJobAnotherGatewaysConnectionWaitsForIsKept() {
        Gateway a = gateway("gw-a");
        Gateway b = gateway("gw-b");
        CompletableFuture<CpuJobs.Use> first = obtain(a, "alice"); // submits 1001, PENDING
        assertThat(slurm.submitted).containsExactly("alice:1001:jumpgate-cpu");
        scheduler.advance(WAIT);
        assertThat(first).isCompletedExceptionally(); // gw-a gave up: its idle timer starts
        scheduler.advance(IDLE.minus(WAIT.dividedBy(2)));
        CompletableFuture<CpuJobs.Use> second = obtain(b, "alice"); // finds 1001 PENDING and waits
        othersUse(a, "1001", true);
        scheduler.advance(WAIT); // gw-a's timer runs meanwhile
        assertThat(slurm.cancelled).as("gw-b's connection waits for it").isEmpty();
        assertThat(second).isCompletedExceptionally();
        assertThat(slurm.submitted).hasSize(1);
    }

    @Test
    void withoutTheStoreAnIdleJobIsKeptSaidOnceAndCancelledWhenTheStoreIsBack() throws Exception {
        slurm.set("alice", "77", "RUNNING", "None", "cn-a002");
        Gateway a = gateway("gw-a");
        obtain(a, "alice").join().close();
        zk.stop();
        await().atMost(SEEN).until(() -> !a.fleet().connected());
        try (LogCapture log = LogCapture.of(TrackedCpuJobs.class.getName())) {
            scheduler.advance(IDLE);
            assertThat(slurm.cancelled).as("not proven unused").isEmpty();
            scheduler.advance(IDLE.multipliedBy(2));
            assertThat(slurm.cancelled).isEmpty();
            assertThat(log.messages()).filteredOn(m -> m.startsWith("kept alice's idle CPU job 77"))
                    .containsExactly("kept alice's idle CPU job 77: the fleet's ZooKeeper cannot be reached, so whether "
                            + "another gateway uses it is unknown; idle CPU jobs are kept and looked at again every "
                            + "10m until it answers (said once)");
            zk.restart();
            await().atMost(SEEN).until(() -> a.fleet().connected());
            scheduler.advance(IDLE);
            assertThat(slurm.cancelled).as("a use may have ended while the store was away").isEmpty();
            assertThat(a.kept("store_away")).isEqualTo(4);
            scheduler.advance(IDLE);
            assertThat(slurm.cancelled).as("idle after the store was back").containsExactly("alice:77");
            assertThat(log.messages()).contains(
                    "the fleet's store answers again: idle CPU jobs no gateway uses are cancelled again");
        }
    }
}
