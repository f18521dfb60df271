package org.jumpgate.cpujobs;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;
import org.jumpgate.audit.AuditEvent;
import org.jumpgate.audit.AuditLog;
import org.jumpgate.cluster.CpuJobUses;
import org.jumpgate.cluster.StoreUnavailableException;
import org.jumpgate.cluster.UserLocks;
import org.jumpgate.common.Durations;
import org.jumpgate.common.Exceptions;
import org.jumpgate.config.CpuJobsConfig;
import org.jumpgate.jobs.JobDirectory;
import org.jumpgate.jobs.Lookup;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link CpuJobs#start}: the jobs this gateway keeps, one per user, with their uses and waiters;
 * a job neither used nor waited for is cancelled after {@code idle}; a used job the directory
 * stops listing (after it had listed it) has ended, and its uses are told. While a job has uses or
 * waiters here it is listed in {@link CpuJobUses} (the fleet's, with {@code cluster:}); at the
 * idle expiry, under the user's fleet-wide lock, a job another gateway lists is kept and its idle
 * time starts again, and so is one whose other uses cannot be told (the store away, said once),
 * and, once, one that another gateway used at the expiry before (its last use ended less than
 * {@code idle} ago). So the job is cancelled {@code idle} after the fleet's last use ended, by
 * the gateway that held it (or, when that gateway died, by another that used the job, between
 * {@code idle} and twice that after).
 */
final class TrackedCpuJobs implements CpuJobs {

    private static final Logger LOG = LoggerFactory.getLogger(TrackedCpuJobs.class);

    /** How long a connection waits for the user's lock (another connection finding or submitting). */
    static final Duration LOCK_WAIT = Duration.ofSeconds(30);
    /**
     * Job snapshots after a job was first seen running (by the user's own squeue) that must lack it
     * before it is taken as ended although the directory never listed it. The first may come from
     * a fetch begun before the job ran; the second began after it ran (fetches do not overlap).
     */
    static final int SNAPSHOTS_TO_END_UNLISTED = 2;

    final CpuJobsConfig config;
    final Slurm slurm;
    final UserLocks locks;
    final CpuJobUses uses;
    final AuditLog audit;
    final Executor workers;
    final Scheduler scheduler;
    final Clock clock;
    final Duration poll;
    private final JobDirectory jobs;
    private final JobDirectory.Subscription watch;
    /** Guarded by {@code this}. */
    private final Map<String, Tracked> byUser = new HashMap<>();
    private boolean closed;
    /** The fleet's store could not tell another gateway's uses at the last idle expiry (said once until it can). */
    private boolean storeAway;
    private final AtomicLong keptUsedElsewhere = new AtomicLong();
    private final AtomicLong keptStoreAway = new AtomicLong();

    /** One user's job as this gateway knows it. */
    private static final class Tracked {
        final String id;
        @Nullable String node;
        Requester last;
        int uses;
        int waiters;
        /** The directory has listed it running. */
        boolean seen;
        /** Snapshots since {@link #node} was set (the job was seen running). */
        int snapshotsSinceRunning;
        Scheduler.@Nullable Cancellable idle;
        /** Which idle timer is the current one (a timer that ran after another was armed does nothing). */
        long idleRound;
        /** This gateway's uses or waiters, listed for the fleet while there are any. */
        CpuJobUses.@Nullable Listed listed;
        /**
         * Why it was kept at the last idle expiry (another gateway used it, or that could not be
         * told), else null: if none uses it now, its last use may have ended less than {@code idle}
         * ago, so it is kept for one more.
         */
        @Nullable Kept keptBefore;
        final List<TrackedUse> open = new ArrayList<>();

        Tracked(String id, Requester last) {
            this.id = id;
            this.last = last;
        }
    }

    TrackedCpuJobs(CpuJobsConfig config, Slurm slurm, UserLocks locks, CpuJobUses uses, JobDirectory jobs,
                   AuditLog audit, Executor workers, Scheduler scheduler, Clock clock, Duration poll) {
        this.config = config;
        this.slurm = slurm;
        this.locks = locks;
        this.uses = uses;
        this.jobs = jobs;
        this.audit = audit;
        this.workers = workers;
        this.scheduler = scheduler;
        this.clock = clock;
        this.poll = poll;
        this.watch = jobs.subscribe(s -> check());
    }

    @Override
    public CompletableFuture<Use> obtain(Requester who, Consumer<String> progress) {
        CompletableFuture<Use> result = new CompletableFuture<>();
        Attempt attempt = new Attempt(this, who, progress, result);
        if (!run(attempt::begin)) {
            result.completeExceptionally(new CpuJobRefused("jumpgate: the gateway is shutting down; reconnect"));
        }
        return result;
    }

    /** Runs {@code task} on a worker; false when the workers are gone. */
    boolean run(Runnable task) {
        try {
            workers.execute(task);
            return true;
        } catch (RejectedExecutionException e) {
            return false;
        }
    }

    /** Records a connection waiting for job {@code id} (found PENDING or just submitted). */
    synchronized void waiting(Requester who, String id) {
        Tracked t = entry(who, id);
        t.waiters++;
        cancelIdle(t);
        listIfHeld(who.user(), t);
    }

    /** A waiter that gave up (past {@code wait}, or an error): the job is kept, idle from now if nobody uses it. */
    synchronized void gaveUp(String user, String id) {
        Tracked t = byUser.get(user);
        if (t != null && t.id.equals(id)) {
            t.waiters = Math.max(0, t.waiters - 1);
            listIfHeld(user, t);
            armIdleIfUnused(user, t);
        }
    }

    /** A waiter whose job vanished before it ran. */
    synchronized void vanished(String user, String id) {
        Tracked t = byUser.get(user);
        if (t != null && t.id.equals(id)) {
            cancelIdle(t);
            unlist(t);
            byUser.remove(user);
        }
    }

    /** One use of {@code id} running on {@code node}; a waiter that was waiting for it no longer waits. */
    synchronized Use claim(Requester who, String id, String node, boolean wasWaiting) {
        Tracked t = entry(who, id);
        if (wasWaiting) {
            t.waiters = Math.max(0, t.waiters - 1);
        }
        if (t.node == null) {
            t.snapshotsSinceRunning = 0;
        }
        t.node = node;
        t.uses++;
        cancelIdle(t);
        listIfHeld(who.user(), t);
        TrackedUse use = new TrackedUse(new CpuJob(who.user(), id, node), this::release);
        t.open.add(use);
        return use;
    }

    private Tracked entry(Requester who, String id) {
        Tracked t = byUser.get(who.user());
        if (t == null || !t.id.equals(id)) {
            if (t != null) {
                cancelIdle(t); // another job of that name now: the old one is Slurm's or the user's business
                unlist(t);
            }
            t = new Tracked(id, who);
            byUser.put(who.user(), t);
        }
        t.last = who;
        return t;
    }

    private synchronized void release(TrackedUse use) {
        Tracked t = byUser.get(use.job().user());
        if (t != null && t.open.remove(use)) {
            t.uses--;
            listIfHeld(use.job().user(), t);
            armIdleIfUnused(use.job().user(), t);
        }
    }

    private void armIdleIfUnused(String user, Tracked t) {
        if (t.uses > 0 || t.waiters > 0 || t.idle != null || closed) {
            return;
        }
        String id = t.id;
        long round = ++t.idleRound;
        t.idle = scheduler.after(config.idle(), () -> run(() -> cancelIfIdle(user, id, round)));
    }

    private static void cancelIdle(Tracked t) {
        if (t.idle != null) {
            t.idle.cancel();
            t.idle = null;
        }
    }

    /** Lists the job for the fleet while this gateway uses or waits for it, and takes it off after. */
    private void listIfHeld(String user, Tracked t) {
        if (t.uses + t.waiters > 0) {
            if (t.listed == null) {
                t.listed = uses.list(user, t.id);
            }
        } else {
            unlist(t);
        }
    }

    private static void unlist(Tracked t) {
        if (t.listed != null) {
            t.listed.close();
            t.listed = null;
        }
    }

    /** The idle timer {@code round} of {@code t} is still the one armed, and nothing here uses the job. */
    private boolean stillIdle(String user, Tracked t, long round) {
        return !closed && byUser.get(user) == t && t.idle != null && t.idleRound == round && t.uses == 0
                && t.waiters == 0;
    }

    /**
     * Why the job must be kept for other gateways: null when none uses it; another gateway uses
     * it; or the fleet's store cannot tell, which is said once until it can again.
     */
    private @Nullable Kept usedElsewhere(String user, String id) {
        try {
            boolean elsewhere = uses.usedElsewhere(user, id);
            synchronized (this) {
                if (storeAway) {
                    storeAway = false;
                    LOG.info("the fleet's store answers again: idle CPU jobs no gateway uses are cancelled again");
                }
            }
            if (elsewhere) {
                LOG.info("kept {}'s idle CPU job {}: another gateway uses it; looking again in {}", user, id,
                        Durations.show(config.idle()));
            }
            return elsewhere ? Kept.USED_ELSEWHERE : null;
        } catch (StoreUnavailableException e) {
            boolean first;
            synchronized (this) {
                first = !storeAway;
                storeAway = true;
            }
            if (first) {
                LOG.warn("kept {}'s idle CPU job {}: {}, so whether another gateway uses it is unknown; idle CPU "
                        + "jobs are kept and looked at again every {} until it answers (said once)", user, id,
                        e.getMessage(), Durations.show(config.idle()));
            }
            return Kept.STORE_AWAY;
        }
    }

    /**
     * The idle timer {@code round} of job {@code id}: cancel it as the user, unless a connection
     * took it meanwhile or another gateway uses it or did at the last expiry (then its idle time
     * starts again).
     */
    private void cancelIfIdle(String user, String id, long round) {
        try (UserLocks.Held held = locks.acquire(user, LOCK_WAIT)) {
            Tracked t;
            synchronized (this) {
                t = byUser.get(user);
                if (t == null || !t.id.equals(id) || !stillIdle(user, t, round)) {
                    return;
                }
            }
            Kept now = usedElsewhere(user, id); // may wait on the store: outside the monitor
            synchronized (this) {
                if (!stillIdle(user, t, round)) {
                    return;
                }
                Kept why = now != null ? now : t.keptBefore;
                if (why != null) {
                    if (now == null) {
                        LOG.info("kept {}'s idle CPU job {} for {} more: at the last look another gateway used it, "
                                + "or the fleet's store could not tell", user, id, Durations.show(config.idle()));
                    }
                    (why == Kept.USED_ELSEWHERE ? keptUsedElsewhere : keptStoreAway).incrementAndGet();
                    t.keptBefore = now;
                    t.idle = null;
                    armIdleIfUnused(user, t);
                    return;
                }
                byUser.remove(user);
            }
            try (Slurm.Session s = slurm.open(t.last)) {
                if (uses.shared() && s.jobs(config.jobName()).stream().noneMatch(j -> j.id().equals(id))) {
                    LOG.info("{}'s idle CPU job {} had already ended (cancelled through another gateway, or by the "
                            + "user)", user, id);
                    return;
                }
                s.cancel(id);
            }
            LOG.info("cancelled {}'s CPU job {}: unused for {}", user, id, Durations.show(config.idle()));
            audit.record(new AuditEvent.CpuJobCancelled(user, id, t.node, "idle " + Durations.show(config.idle())));
        } catch (IOException e) {
            LOG.warn("cannot cancel {}'s idle CPU job {}: {}", user, id, Exceptions.describe(e));
        } catch (TimeoutException e) {
            LOG.warn("cannot cancel {}'s idle CPU job {}: {}", user, id, e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * After each job snapshot: a job the directory listed before and lists no more has ended; so
     * has one it never listed, once a snapshot begun after the job was seen running lacks it (a
     * job cancelled within a refresh interval of its start).
     */
    private void check() {
        List<Runnable> tell = new ArrayList<>();
        synchronized (this) {
            for (var it = byUser.entrySet().iterator(); it.hasNext(); ) {
                Tracked t = it.next().getValue();
                if (t.node == null) {
                    continue;
                }
                t.snapshotsSinceRunning++;
                Lookup l = jobs.stillRunning(t.last.user(), t.node, t.id);
                if (l.outcome() == Lookup.Outcome.ALLOWED) {
                    t.seen = true;
                } else if (l.outcome() == Lookup.Outcome.NO_JOB
                        && (t.seen || t.snapshotsSinceRunning >= SNAPSHOTS_TO_END_UNLISTED)) {
                    it.remove();
                    cancelIdle(t);
                    unlist(t);
                    String line = "your CPU job " + t.id + " on " + t.node
                            + " ended (time limit or scancel); your next connection starts a new one";
                    LOG.info("{}'s CPU job {} on {} ended; closing its {} channels", t.last.user(), t.id, t.node,
                            t.open.size());
                    audit.record(new AuditEvent.CpuJobEnded(t.last.user(), t.id, t.node, t.open.size()));
                    for (TrackedUse u : List.copyOf(t.open)) {
                        tell.add(() -> u.ended(line));
                    }
                }
            }
        }
        tell.forEach(Runnable::run);
    }

    @Override
    public synchronized int tracked() {
        return byUser.size();
    }

    @Override
    public long kept(Kept why) {
        return switch (why) {
            case USED_ELSEWHERE -> keptUsedElsewhere.get();
            case STORE_AWAY -> keptStoreAway.get();
        };
    }

    @Override
    public void close() {
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
            byUser.values().forEach(TrackedCpuJobs::cancelIdle);
            byUser.values().forEach(TrackedCpuJobs::unlist);
        }
        watch.close();
    }
}
