package org.jumpgate.cpujobs;

import java.io.IOException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;
import org.jumpgate.audit.AuditEvent;
import org.jumpgate.cluster.UserLocks;
import org.jumpgate.common.Durations;
import org.jumpgate.common.Exceptions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One connection's way to its CPU job: under the user's lock, their RUNNING job (reused) or a
 * coming one, else a new one submitted; then, without the lock, a look every {@code poll} until
 * it runs or {@code wait} has passed. Each step runs on a worker; the wait is the scheduler's.
 */
final class Attempt {

    private static final Logger LOG = LoggerFactory.getLogger(Attempt.class);

    private final TrackedCpuJobs owner;
    private final Requester who;
    private final Consumer<String> progress;
    private final CompletableFuture<CpuJobs.Use> result;
    private Slurm.@Nullable Session session;
    private @Nullable String jobId;
    private @Nullable Instant deadline;
    private String lastSaid = "";

    Attempt(TrackedCpuJobs owner, Requester who, Consumer<String> progress, CompletableFuture<CpuJobs.Use> result) {
        this.owner = owner;
        this.who = who;
        this.progress = progress;
        this.result = result;
    }

    void begin() {
        String name = owner.config.jobName();
        try {
            session = owner.slurm.open(who);
            QueuedJob coming;
            try (UserLocks.Held held = owner.locks.acquire(who.user(), TrackedCpuJobs.LOCK_WAIT)) {
                List<QueuedJob> jobs = session.jobs(name);
                Optional<QueuedJob> running = jobs.stream().filter(QueuedJob::running).findFirst();
                if (running.isPresent()) {
                    QueuedJob j = running.get();
                    owner.audit.record(new AuditEvent.CpuJobReused(who.user(), who.session(), j.id(), j.node()));
                    succeed(owner.claim(who, j.id(), j.node(), false));
                    return;
                }
                coming = jobs.stream().filter(QueuedJob::coming).findFirst().orElse(null);
                if (coming == null) {
                    String id = session.submit(name, owner.config.sbatch());
                    owner.audit.record(new AuditEvent.CpuJobSubmitted(who.user(), who.session(), id, name));
                    LOG.info("submitted CPU job {} for {}", id, who.user());
                    coming = new QueuedJob(id, "PENDING", "submitted", "");
                }
                jobId = coming.id();
                owner.waiting(who, jobId);
            }
            deadline = owner.clock.instant().plus(owner.config.pendingWait());
            say(coming);
            later();
        } catch (CpuJobRefused e) {
            fail(e);
        } catch (IOException e) {
            fail(new CpuJobRefused("jumpgate: cannot get your CPU job: " + Exceptions.describe(e)));
        } catch (TimeoutException e) {
            fail(new CpuJobRefused("jumpgate: cannot get your CPU job: another connection of yours is still "
                    + "getting it; try again"));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            fail(new CpuJobRefused("jumpgate: cannot get your CPU job: the gateway is shutting down"));
        } catch (RuntimeException e) {
            LOG.warn("getting {}'s CPU job: {}", who.user(), e.toString());
            fail(new CpuJobRefused("jumpgate: cannot get your CPU job: " + Exceptions.describe(e)));
        }
    }

    private void later() {
        owner.scheduler.after(owner.poll, () -> {
            if (!owner.run(this::look)) {
                giveUp(new CpuJobRefused("jumpgate: the gateway is shutting down; your CPU job " + jobId
                        + " is kept, and your next connection will use it"));
            }
        });
    }

    /** One look at the job being waited for. */
    private void look() {
        String id = jobId;
        if (result.isDone()) { // the connection went away meanwhile
            owner.gaveUp(who.user(), id);
            closeSession();
            return;
        }
        try {
            Optional<QueuedJob> job = session.jobs(owner.config.jobName()).stream()
                    .filter(j -> j.id().equals(id)).findFirst();
            if (job.isEmpty()) {
                owner.vanished(who.user(), id);
                fail(new CpuJobRefused("jumpgate: your CPU job " + id + " ended before it started; "
                        + "reconnect to submit a new one"));
            } else if (job.get().running()) {
                succeed(owner.claim(who, id, job.get().node(), true));
            } else if (!owner.clock.instant().isBefore(deadline)) {
                QueuedJob j = job.get();
                giveUp(new CpuJobRefused("jumpgate: your CPU job " + id + " is still " + j.state()
                        + " (" + j.reason() + ") after " + Durations.show(owner.config.pendingWait())
                        + "; it is kept, and your next connection will use it once it runs"));
            } else {
                say(job.get());
                later();
            }
        } catch (IOException | RuntimeException e) {
            giveUp(new CpuJobRefused("jumpgate: cannot follow your CPU job " + id + ": " + Exceptions.describe(e)
                    + "; it is kept, and your next connection will use it"));
        }
    }

    /** The progress line, when the job's state or reason changed since the last one. */
    private void say(QueuedJob j) {
        String line = "jumpgate: waiting for your CPU job " + j.id() + " (" + j.state() + ": " + j.reason() + ")";
        if (!line.equals(lastSaid)) {
            lastSaid = line;
            try {
                progress.accept(line);
            } catch (RuntimeException e) {
                LOG.debug("progress line for {}: {}", who.user(), e.toString());
            }
        }
    }

    private void giveUp(CpuJobRefused why) {
        owner.gaveUp(who.user(), jobId);
        fail(why);
    }

    private void succeed(CpuJobs.Use use) {
        closeSession();
        if (!result.complete(use)) {
            use.close();
        }
    }

    private void fail(CpuJobRefused why) {
        closeSession();
        result.completeExceptionally(why);
    }

    private void closeSession() {
        Slurm.Session s = session;
        session = null;
        if (s != null) {
            s.close();
        }
    }
}
