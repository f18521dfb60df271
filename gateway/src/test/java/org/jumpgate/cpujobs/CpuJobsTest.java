package org.jumpgate.cpujobs;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import org.jumpgate.audit.AuditEvent;
import org.jumpgate.audit.AuditLog;
import org.jumpgate.connection.KeyPolicy;
import org.jumpgate.cluster.CpuJobUses;
import org.jumpgate.cluster.UserLocks;
import org.jumpgate.config.CpuJobsConfig;
import org.jumpgate.testing.ManualClock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The CPU-job logic against Slurm in memory, on a clock and a scheduler the test moves; workers
 * run each task on the calling thread, so every step is done when the call returns.
 */
class CpuJobsTest {

    static final Duration WAIT = Duration.ofSeconds(60);
    static final Duration IDLE = Duration.ofMinutes(10);
    static final Duration POLL = Duration.ofSeconds(2);
    static final List<String> FLAGS = List.of("--cpus-per-task=2", "--mem=8G");

    final ManualClock clock = new ManualClock();
    final ManualScheduler scheduler = new ManualScheduler(clock);
    final FakeSlurm slurm = new FakeSlurm();
    final FakeJobDirectory directory = new FakeJobDirectory();
    final List<AuditEvent> audit = new CopyOnWriteArrayList<>();
    final CpuJobs jobs = CpuJobs.start(new CpuJobsConfig("cpu", "jumpgate-cpu", FLAGS, WAIT, IDLE), slurm,
            UserLocks.local(), CpuJobUses.local(), directory, auditLog(), Runnable::run, scheduler, clock, POLL);
    final List<String> progress = new CopyOnWriteArrayList<>();

    private AuditLog auditLog() {
        return new AuditLog() {
            @Override
            public void record(AuditEvent event) {
                audit.add(event);
            }

            @Override
            public void close() {
            }

            @Override
            public void reopen() {
            }
        };
    }

    @AfterEach
    void close() {
        jobs.close();
    }

    private CompletableFuture<CpuJobs.Use> obtain(String user) {
        return jobs.obtain(new Requester(user, "s-" + user, new KeyPolicy("SHA256:x", java.util.Set.of(), null)),
                progress::add);
    }

    private static String refusal(CompletableFuture<?> f) {
        try {
            f.get();
            throw new AssertionError("not refused: " + f);
        } catch (ExecutionException e) {
            assertThat(e.getCause()).isInstanceOf(CpuJobRefused.class);
            return e.getCause().getMessage();
        } catch (InterruptedException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void firstConnectionSubmitsAsTheUserWithTheOperatorsFlagsAndWaitsUntilItRuns() {
        CompletableFuture<CpuJobs.Use> f = obtain("alice");
        assertThat(slurm.submitted).containsExactly("alice:1001:jumpgate-cpu");
        assertThat(slurm.flags).containsExactly(FLAGS);
        assertThat(f).isNotDone();
        assertThat(progress).containsExactly("jumpgate: waiting for your CPU job 1001 (PENDING: submitted)");
        scheduler.advance(POLL);
        assertThat(progress).containsExactly("jumpgate: waiting for your CPU job 1001 (PENDING: submitted)",
                "jumpgate: waiting for your CPU job 1001 (PENDING: Resources)");
        scheduler.advance(POLL); // nothing new: no new line
        assertThat(progress).hasSize(2);
        slurm.set("alice", "1001", "RUNNING", "None", "cn-a001");
        scheduler.advance(POLL);
        assertThat(f).isCompletedWithValue(f.join());
        assertThat(f.join().job()).isEqualTo(new CpuJob("alice", "1001", "cn-a001"));
        assertThat(audit).containsExactly(new AuditEvent.CpuJobSubmitted("alice", "s-alice", "1001", "jumpgate-cpu"));
        assertThat(slurm.openSessions).hasValue(0);
    }

    @Test
    void aRunningJobIsReusedByEveryConnectionAndNothingIsSubmitted() {
        slurm.set("alice", "77", "RUNNING", "None", "cn-a002");
        CpuJobs.Use a = obtain("alice").join();
        CpuJobs.Use b = obtain("alice").join();
        CpuJobs.Use c = obtain("alice").join();
        assertThat(List.of(a.job(), b.job(), c.job())).allMatch(j -> j.equals(new CpuJob("alice", "77", "cn-a002")));
        assertThat(slurm.submitted).isEmpty();
        assertThat(audit).containsOnly(new AuditEvent.CpuJobReused("alice", "s-alice", "77", "cn-a002"));
        assertThat(jobs.tracked()).isEqualTo(1);
    }

    @Test
    void connectionsWhileTheJobIsPendingWaitForThatOneJob() {
        CompletableFuture<CpuJobs.Use> first = obtain("alice");
        CompletableFuture<CpuJobs.Use> second = obtain("alice");
        CompletableFuture<CpuJobs.Use> third = obtain("alice");
        assertThat(slurm.submitted).hasSize(1);
        slurm.set("alice", "1001", "RUNNING", "None", "cn-a001");
        scheduler.advance(POLL);
        assertThat(List.of(first.join(), second.join(), third.join())).extracting(CpuJobs.Use::job)
                .containsOnly(new CpuJob("alice", "1001", "cn-a001"));
        obtain("bob");
        assertThat(slurm.submitted).containsExactly("alice:1001:jumpgate-cpu", "bob:1002:jumpgate-cpu");
    }

    @Test
    void aJobPendingPastTheWaitIsRefusedButKeptForTheNextConnection() {
        CompletableFuture<CpuJobs.Use> f = obtain("alice");
        scheduler.advance(WAIT.minus(POLL));
        assertThat(f).isNotDone();
        scheduler.advance(POLL);
        assertThat(refusal(f)).isEqualTo("jumpgate: your CPU job 1001 is still PENDING (Resources) after 1m; "
                + "it is kept, and your next connection will use it once it runs");
        assertThat(slurm.cancelled).isEmpty();
        assertThat(slurm.ids("alice")).containsExactly("1001");
        slurm.set("alice", "1001", "RUNNING", "None", "cn-a001");
        CpuJobs.Use next = obtain("alice").join();
        assertThat(next.job().id()).isEqualTo("1001");
        assertThat(slurm.submitted).hasSize(1);
    }

    @Test
    void aJobNobodyCameBackForIsCancelledAfterTheIdleTime() {
        CompletableFuture<CpuJobs.Use> f = obtain("alice");
        scheduler.advance(WAIT);
        assertThat(f).isCompletedExceptionally();
        scheduler.advance(IDLE);
        assertThat(slurm.cancelled).containsExactly("alice:1001");
        assertThat(audit).contains(new AuditEvent.CpuJobCancelled("alice", "1001", null, "idle 10m"));
    }

    @Test
    void theLastUseClosedCancelsTheJobAfterIdleAndANewUseMeanwhileKeepsIt() {
        slurm.set("alice", "77", "RUNNING", "None", "cn-a002");
        CpuJobs.Use a = obtain("alice").join();
        CpuJobs.Use b = obtain("alice").join();
        a.close();
        scheduler.advance(IDLE.multipliedBy(2));
        assertThat(slurm.cancelled).as("one use still open").isEmpty();
        b.close();
        b.close(); // again does nothing
        scheduler.advance(IDLE.minusSeconds(1));
        CpuJobs.Use c = obtain("alice").join(); // a new connection just in time
        scheduler.advance(IDLE.multipliedBy(2));
        assertThat(slurm.cancelled).isEmpty();
        c.close();
        scheduler.advance(IDLE.minusSeconds(1));
        assertThat(slurm.cancelled).isEmpty();
        scheduler.advance(Duration.ofSeconds(1));
        assertThat(slurm.cancelled).containsExactly("alice:77");
        assertThat(audit).contains(new AuditEvent.CpuJobCancelled("alice", "77", "cn-a002", "idle 10m"));
        assertThat(jobs.tracked()).isZero();
        obtain("alice");
        assertThat(slurm.submitted).as("the next connection starts a new job").hasSize(1);
    }

    @Test
    void sbatchsRefusalIsTheUsersLine() {
        slurm.refusal = "sbatch: error: Batch job submission failed: Invalid partition name specified";
        assertThat(refusal(obtain("alice"))).isEqualTo("jumpgate: Slurm refused your CPU job: sbatch: error: "
                + "Batch job submission failed: Invalid partition name specified");
        assertThat(jobs.tracked()).isZero();
        assertThat(scheduler.pending()).isZero();
    }

    @Test
    void aJobThatVanishesBeforeItRunsIsSaidSo() {
        CompletableFuture<CpuJobs.Use> f = obtain("alice");
        slurm.remove("alice", "1001");
        scheduler.advance(POLL);
        assertThat(refusal(f)).isEqualTo("jumpgate: your CPU job 1001 ended before it started; "
                + "reconnect to submit a new one");
    }

    @Test
    void aJobThatEndsByItselfTellsEachOpenUseOnceAndIsForgotten() {
        slurm.set("alice", "77", "RUNNING", "None", "cn-a002");
        CpuJobs.Use a = obtain("alice").join();
        CpuJobs.Use b = obtain("alice").join();
        List<String> told = new CopyOnWriteArrayList<>();
        a.onEnded(told::add);
        b.onEnded(told::add);
        directory.refresh(); // not listed yet (just started): not taken as ended
        assertThat(told).isEmpty();
        directory.running.add("alice/cn-a002/77");
        directory.refresh();
        b.close();
        directory.running.clear();
        slurm.remove("alice", "77");
        directory.refresh();
        directory.refresh();
        assertThat(told).containsExactly("your CPU job 77 on cn-a002 ended (time limit or scancel); "
                + "your next connection starts a new one");
        assertThat(audit).contains(new AuditEvent.CpuJobEnded("alice", "77", "cn-a002", 1));
        assertThat(jobs.tracked()).isZero();
        a.close();
        scheduler.advance(IDLE.multipliedBy(2));
        assertThat(slurm.cancelled).as("nothing left to cancel").isEmpty();
    }

    @Test
    void aJobCancelledBeforeTheDirectoryListedItStillEndsItsUses() {
        slurm.set("alice", "78", "RUNNING", "None", "cn-a001");
        CpuJobs.Use a = obtain("alice").join();
        List<String> told = new CopyOnWriteArrayList<>();
        a.onEnded(told::add);
        // the directory never lists it: scancel'd between two of its refreshes
        slurm.remove("alice", "78");
        directory.refresh(); // may have been fetched before the job ran: not taken as ended
        assertThat(told).isEmpty();
        directory.refresh(); // fetched after the job was seen running, and it is not there
        assertThat(told).containsExactly("your CPU job 78 on cn-a001 ended (time limit or scancel); "
                + "your next connection starts a new one");
        assertThat(jobs.tracked()).isZero();
        a.close();
    }
}
