package org.jumpgate.jobs;

import com.github.benmanes.caffeine.cache.Ticker;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Time is a fake ticker; fetches run when the test says (a queue) or at once (direct). */
class SnapshotJobDirectoryTest {

    private static final Duration REFRESH = Duration.ofSeconds(5);
    private static final RunningJob ALICE_A001 = new RunningJob("7", "jgalice", List.of("cn-a001"));
    private static final RunningJob BOB_BOTH = new RunningJob("8_1", "jgbob", List.of("cn-a001", "cn-a002"));

    private final AtomicLong nanos = new AtomicLong(1_000_000_000L);
    private final Ticker ticker = nanos::get;
    private final FakeScheduler scheduler = new FakeScheduler();
    private final Queue<Runnable> pending = new ArrayDeque<>();

    @Test
    void jobOnTheNodeIsAllowedWithItsId() {
        scheduler.jobs = List.of(ALICE_A001, BOB_BOTH);
        SnapshotJobDirectory directory = direct();
        directory.refresh(false);
        assertThat(directory.runningJobOn("jgalice", "cn-a001").join()).isEqualTo(Lookup.allowed("jgalice", "cn-a001", "7"));
        assertThat(directory.runningJobOn("jgbob", "cn-a002").join().jobId()).isEqualTo("8_1");
        assertThat(directory.runningJobOn("jgbob", "CN-A001").join().allowed()).isTrue();
        assertThat(scheduler.calls).hasValue(1);
    }

    @Test
    void otherNodeOrOtherUserIsNoJob() {
        scheduler.jobs = List.of(ALICE_A001);
        SnapshotJobDirectory directory = direct();
        directory.refresh(false);
        assertThat(directory.runningJobOn("jgalice", "cn-a002").join()).isEqualTo(Lookup.noJob("jgalice", "cn-a002"));
        assertThat(directory.runningJobOn("jgbob", "cn-a001").join()).isEqualTo(Lookup.noJob("jgbob", "cn-a001"));
    }

    @Test
    void jobThatJustStartedIsFoundByForcedRefresh() {
        SnapshotJobDirectory directory = direct();
        directory.refresh(false);
        scheduler.jobs = List.of(ALICE_A001);
        advance(Duration.ofSeconds(1));
        assertThat(directory.current("jgalice", "cn-a001").outcome()).isEqualTo(Lookup.Outcome.NO_JOB);
        assertThat(directory.runningJobOn("jgalice", "cn-a001").join().allowed()).isTrue();
        assertThat(scheduler.calls).hasValue(2);
    }

    @Test
    void forcedRefreshesAreAtMostOncePerSecond() {
        SnapshotJobDirectory directory = direct();
        directory.refresh(false);
        for (int i = 0; i < 10; i++) {
            directory.runningJobOn("jgbob", "cn-a00" + i).join();
        }
        assertThat(scheduler.calls).hasValue(1);
        advance(Duration.ofMillis(999));
        directory.runningJobOn("jgbob", "cn-a001").join();
        assertThat(scheduler.calls).hasValue(1);
        advance(Duration.ofMillis(1));
        directory.runningJobOn("jgbob", "cn-a001").join();
        directory.runningJobOn("jgbob", "cn-a001").join();
        assertThat(scheduler.calls).hasValue(2);
    }

    @Test
    void allowedLookupDoesNotCallTheScheduler() {
        scheduler.jobs = List.of(ALICE_A001);
        SnapshotJobDirectory directory = direct();
        directory.refresh(false);
        advance(Duration.ofSeconds(2));
        directory.runningJobOn("jgalice", "cn-a001").join();
        assertThat(scheduler.calls).hasValue(1);
    }

    @Test
    void concurrentLookupsShareOneSchedulerCallThatRunsOffTheCallersThread() {
        scheduler.jobs = List.of(ALICE_A001);
        SnapshotJobDirectory directory = queued();
        CompletableFuture<Lookup> first = directory.runningJobOn("jgalice", "cn-a001");
        CompletableFuture<Lookup> second = directory.runningJobOn("jgbob", "cn-a001");
        assertThat(first).isNotDone();
        assertThat(second).isNotDone();
        assertThat(pending).hasSize(1);
        pending.poll().run();
        assertThat(first.join().allowed()).isTrue();
        assertThat(second.join().outcome()).isEqualTo(Lookup.Outcome.NO_JOB);
        assertThat(scheduler.calls).hasValue(1);
    }

    @Test
    void schedulerDownKeepsTheLastSnapshotForThreeIntervalsThenFailsClosedWithTheCause() {
        scheduler.jobs = List.of(ALICE_A001);
        SnapshotJobDirectory directory = direct();
        directory.refresh(false);
        scheduler.failure = "squeue exited with status 1: slurm_load_jobs error: Unable to contact slurm controller";
        advance(REFRESH);
        directory.refresh(false);
        advance(REFRESH.multipliedBy(2).minusNanos(1));
        assertThat(directory.runningJobOn("jgalice", "cn-a001").join().allowed()).isTrue();
        advance(Duration.ofNanos(1));
        Lookup lookup = directory.runningJobOn("jgalice", "cn-a001").join();
        assertThat(lookup).isEqualTo(Lookup.unavailable("jgalice", "cn-a001", scheduler.failure));
        assertThat(directory.stillRunning("jgalice", "cn-a001", "7").outcome()).isEqualTo(Lookup.Outcome.UNAVAILABLE);
        assertThat(directory.snapshot()).isEmpty();
        assertThat(directory.health().fresh()).isFalse();
        assertThat(directory.health().lastError()).contains(scheduler.failure);
        assertThat(directory.health().snapshotAge()).contains(REFRESH.multipliedBy(3));
    }

    @Test
    void beforeAnyDataLookupsAreUnavailable() {
        SnapshotJobDirectory directory = queued();
        assertThat(directory.current("jgalice", "cn-a001"))
                .isEqualTo(Lookup.unavailable("jgalice", "cn-a001", "no job data yet"));
        scheduler.failure = "cannot run squeue: No such file";
        CompletableFuture<Lookup> lookup = directory.runningJobOn("jgalice", "cn-a001");
        pending.poll().run();
        assertThat(lookup.join().cause()).isEqualTo("cannot run squeue: No such file");
    }

    @Test
    void schedulerBackUpServesAgain() {
        scheduler.failure = "down";
        SnapshotJobDirectory directory = direct();
        directory.refresh(false);
        assertThat(directory.current("jgalice", "cn-a001").outcome()).isEqualTo(Lookup.Outcome.UNAVAILABLE);
        scheduler.failure = null;
        scheduler.jobs = List.of(ALICE_A001);
        advance(Duration.ofSeconds(1));
        assertThat(directory.runningJobOn("jgalice", "cn-a001").join().allowed()).isTrue();
        assertThat(directory.health()).isEqualTo(new JobDirectory.Health(true, java.util.Optional.of(Duration.ZERO), 1,
                java.util.Optional.empty()));
    }

    @Test
    void stillRunningTurnsNoJobWhenTheJobLeavesRunning() {
        scheduler.jobs = List.of(ALICE_A001);
        SnapshotJobDirectory directory = direct();
        directory.refresh(false);
        assertThat(directory.stillRunning("jgalice", "cn-a001", "7").allowed()).isTrue();
        assertThat(directory.stillRunning("jgalice", "cn-a001", "6").outcome()).isEqualTo(Lookup.Outcome.NO_JOB);
        scheduler.jobs = List.of();
        advance(REFRESH);
        directory.refresh(false);
        assertThat(directory.stillRunning("jgalice", "cn-a001", "7").outcome()).isEqualTo(Lookup.Outcome.NO_JOB);
    }

    @Test
    void subscribersHearEverySuccessfulRefreshUntilTheyUnsubscribe() {
        scheduler.jobs = List.of(ALICE_A001);
        SnapshotJobDirectory directory = direct();
        List<JobSnapshot> heard = new ArrayList<>();
        directory.subscribe(s -> {
            throw new IllegalStateException("a broken listener does not stop the others");
        });
        JobDirectory.Subscription subscription = directory.subscribe(heard::add);
        directory.refresh(false);
        scheduler.failure = "down";
        directory.refresh(false);
        scheduler.failure = null;
        directory.refresh(false);
        subscription.close();
        directory.refresh(false);
        assertThat(heard).hasSize(2);
        assertThat(heard.get(0).isRunning("jgalice", "cn-a001", "7")).isTrue();
    }

    @Test
    void closeIsIdempotentAndLaterLookupsAreUnavailable() {
        scheduler.jobs = List.of(ALICE_A001);
        SnapshotJobDirectory directory = direct();
        directory.refresh(false);
        directory.close();
        directory.close();
        assertThat(directory.runningJobOn("jgalice", "cn-a001").join())
                .isEqualTo(Lookup.unavailable("jgalice", "cn-a001", "job directory is closed"));
        assertThat(scheduler.calls).hasValue(1);
    }

    @Test
    void startedDirectoryRefreshesOnItsOwnThreadUntilClosed() {
        scheduler.jobs = List.of(ALICE_A001);
        List<String> threads = new ArrayList<>();
        JobDirectory directory = JobDirectory.of(() -> {
            threads.add(Thread.currentThread().getName());
            return scheduler.fetch();
        }, Duration.ofSeconds(1), ticker);
        try {
            directory.start();
            directory.start();
            await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(scheduler.calls).hasValueGreaterThanOrEqualTo(2));
            assertThat(directory.current("jgalice", "cn-a001").allowed()).isTrue();
            assertThat(threads).first().isEqualTo("jumpgate-jobs");
        } finally {
            directory.close();
        }
        int after = scheduler.calls.get();
        await().during(Duration.ofMillis(1500)).atMost(Duration.ofSeconds(3))
                .untilAsserted(() -> assertThat(scheduler.calls).hasValueLessThanOrEqualTo(after + 1));
    }

    private SnapshotJobDirectory direct() {
        return new SnapshotJobDirectory(scheduler, REFRESH, ticker, Runnable::run, null);
    }

    private SnapshotJobDirectory queued() {
        return new SnapshotJobDirectory(scheduler, REFRESH, ticker, pending::add, null);
    }

    private void advance(Duration d) {
        nanos.addAndGet(d.toNanos());
    }

    /** The scheduler: current jobs, or a failure, and how often it was asked. */
    private static final class FakeScheduler implements JobSource {
        volatile List<RunningJob> jobs = List.of();
        volatile String failure;
        final AtomicInteger calls = new AtomicInteger();

        @Override
        public List<RunningJob> fetch() throws SchedulerUnavailableException {
            calls.incrementAndGet();
            if (failure != null) {
                throw new SchedulerUnavailableException(failure);
            }
            return jobs;
        }
    }
}
