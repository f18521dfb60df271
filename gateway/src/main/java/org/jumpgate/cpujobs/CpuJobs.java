package org.jumpgate.cpujobs;

import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.function.Consumer;
import org.jumpgate.audit.AuditLog;
import org.jumpgate.cluster.CpuJobUses;
import org.jumpgate.cluster.UserLocks;
import org.jumpgate.config.CpuJobsConfig;
import org.jumpgate.jobs.JobDirectory;

/**
 * The CPU-job target's jobs: one per user, found, waited for or submitted as the user, kept while
 * used and for {@code cpuJobs.idle} after, and watched for its end. Make one with {@link #start}.
 */
public interface CpuJobs extends AutoCloseable {

    /** How often a PENDING job is asked about again while a connection waits for it. */
    Duration POLL = Duration.ofSeconds(2);

    /**
     * The user's running CPU job, claimed for one use (a connection or a channel): found, waited
     * for (with a line for {@code progress} each time its state or reason changes) or submitted.
     * Fails with {@link CpuJobRefused} carrying the line the user reads. Never blocks the caller.
     */
    CompletableFuture<Use> obtain(Requester who, Consumer<String> progress);

    /** Jobs this gateway keeps for users now (used or idle). */
    int tracked();

    /** Why an idle job was kept at its idle expiry instead of cancelled (in a fleet). */
    enum Kept {
        /** Another gateway uses it, or did at the expiry before. */
        USED_ELSEWHERE,
        /** The fleet's store could not tell whether another gateway uses it. */
        STORE_AWAY
    }

    /** Idle expiries so far at which a job was kept for {@code why}. */
    long kept(Kept why);

    /** Stops watching and cancels pending idle timers; the jobs are left running (the next connection reuses them). */
    @Override
    void close();

    /** One use of a job; closing it (again does nothing) may start the job's idle time. */
    interface Use extends AutoCloseable {

        CpuJob job();

        /**
         * Runs {@code ended} with the line to tell the user when the job ends by itself (time limit,
         * {@code scancel}) while this use is open.
         */
        void onEnded(Consumer<String> ended);

        @Override
        void close();
    }

    /**
     * @param slurm     the users' Slurm commands (blocking)
     * @param locks     per-user locks ({@code UserLocks.local()}, or the fleet's)
     * @param uses      which gateways use a job ({@code CpuJobUses.local()}, or the fleet's): a job
     *                  another gateway uses is not cancelled here
     * @param jobs      the job directory: a job in use that leaves it has ended
     * @param workers   where blocking work runs (never an I/O thread)
     * @param scheduler polls and idle timers
     * @param clock     what {@code cpuJobs.wait} is measured on
     * @param poll      time between two looks at a PENDING job ({@link #POLL})
     */
    static CpuJobs start(CpuJobsConfig config, Slurm slurm, UserLocks locks, CpuJobUses uses, JobDirectory jobs,
                         AuditLog audit, Executor workers, Scheduler scheduler, Clock clock, Duration poll) {
        return new TrackedCpuJobs(config, slurm, locks, uses, jobs, audit, workers, scheduler, clock, poll);
    }

    /**
     * {@code jobs} counted into {@code registry}: {@code jumpgate.cpujobs.obtain{outcome}} (time to a
     * running job or a refusal), {@code jumpgate.cpujobs.tracked} (jobs kept now) and
     * {@code jumpgate.cpujobs.kept{reason=used_elsewhere|store_away}} (idle expiries that kept a job).
     */
    static CpuJobs metered(CpuJobs jobs, MeterRegistry registry) {
        return new MeteredCpuJobs(jobs, registry);
    }
}
