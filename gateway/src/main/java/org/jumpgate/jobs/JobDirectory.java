package org.jumpgate.jobs;

import com.github.benmanes.caffeine.cache.Ticker;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

/**
 * Answers "has user U a RUNNING job on node N, and which" from a cluster-wide snapshot that is
 * refreshed every {@code jobs.refresh} with one scheduler call for all users.
 *
 * <p>Fail closed: once the snapshot is older than {@link JobsConfig#staleAfter()} (three refresh
 * intervals), or before the first one, lookups answer UNAVAILABLE with the last failure's cause.
 * A lookup that would deny first forces a refresh (at most one per
 * {@link #MIN_FORCED_REFRESH_INTERVAL}), so a job that has just started is found.
 */
public interface JobDirectory extends AutoCloseable {

    /** Forced refreshes (before a denial) are at most this frequent; concurrent ones share a call. */
    Duration MIN_FORCED_REFRESH_INTERVAL = Duration.ofSeconds(1);

    /**
     * The answer for a new jump. Completes at once when the current snapshot allows the jump;
     * otherwise after a forced refresh (which runs on the directory's own thread, never the
     * caller's). Never completes exceptionally.
     */
    CompletableFuture<Lookup> runningJobOn(String user, String node);

    /** The answer from the current snapshot alone: never blocks, never refreshes. */
    Lookup current(String user, String node);

    /**
     * For a job watcher: ALLOWED while {@code jobId} is RUNNING for {@code user} on {@code node},
     * NO_JOB once fresh data says it is not, UNAVAILABLE while there is no fresh data (the
     * watcher decides whether to keep the channel meanwhile). Never blocks.
     */
    Lookup stillRunning(String user, String node, String jobId);

    /** The current snapshot if it is fresh. */
    Optional<JobSnapshot> snapshot();

    /** For readiness and metrics. */
    Health health();

    /**
     * Calls {@code listener} on the directory's thread after every successful refresh; keep it
     * short. Close the subscription to stop.
     */
    Subscription subscribe(Consumer<JobSnapshot> listener);

    /** Starts the periodic refresh (the first one at once). Idempotent. */
    JobDirectory start();

    /** Stops refreshing; later lookups answer UNAVAILABLE. Idempotent. */
    @Override
    void close();

    /** A listener registration. */
    interface Subscription extends AutoCloseable {
        @Override
        void close();
    }

    /**
     * @param fresh       whether lookups are being answered from data
     * @param snapshotAge age of the last good snapshot, if any
     * @param runningJobs jobs in the last good snapshot (0 if none)
     * @param lastError   cause of the last failed refresh, if it failed
     */
    record Health(boolean fresh, Optional<Duration> snapshotAge, int runningJobs, Optional<String> lastError) {
    }

    /** The directory {@code config} describes, on the system ticker. Call {@link #start()}. */
    static JobDirectory create(JobsConfig config) {
        return create(config, Ticker.systemTicker());
    }

    /** As {@link #create(JobsConfig)}, with time from {@code ticker}. */
    static JobDirectory create(JobsConfig config, Ticker ticker) {
        return of(JobSources.forConfig(config), config.refresh(), ticker);
    }

    /** A directory over any source, e.g. an in-memory one in other packages' tests. */
    static JobDirectory of(JobSource source, Duration refresh, Ticker ticker) {
        return SnapshotJobDirectory.withOwnThread(source, refresh, ticker);
    }
}
