package org.jumpgate.jump;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.jumpgate.audit.AuditEvent;
import org.jumpgate.audit.AuditLog;
import org.jumpgate.jobs.JobDirectory;
import org.jumpgate.jobs.JobSnapshot;
import org.jumpgate.jobs.Lookup;
import org.apache.sshd.server.session.ServerSession;
import org.jumpgate.relay.RawAcceptedChannel;
import org.jumpgate.relay.Relay;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.jspecify.annotations.Nullable;

/**
 * Closes a compute jump when its job leaves RUNNING: on every new job snapshot, each open jump is
 * checked against it. A connection that carries only that jump (what {@code ssh -J} opens) is
 * ended with the reason as its disconnect message; on one that carries more, only the jump
 * channel closes. While the scheduler cannot be asked, open jumps stay (new ones are refused):
 * a scheduler restart should not cut every researcher's session.
 */
final class JobWatcher implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(JobWatcher.class);

    record Watched(String user, String node, String jobId, String session) {
    }

    private final JobDirectory jobs;
    private final AuditLog audit;
    private final Map<RawAcceptedChannel, Watched> open = new ConcurrentHashMap<>();
    private final JobDirectory.Subscription subscription;

    JobWatcher(JobDirectory jobs, AuditLog audit) {
        this.jobs = jobs;
        this.audit = audit;
        this.subscription = jobs.subscribe(this::check);
    }

    void watch(RawAcceptedChannel channel, Watched w) {
        open.put(channel, w);
    }

    void forget(RawAcceptedChannel channel) {
        open.remove(channel);
    }

    int size() {
        return open.size();
    }

    private void check(JobSnapshot snapshot) {
        open.forEach((channel, w) -> {
            Lookup l = jobs.stillRunning(w.user(), w.node(), w.jobId());
            if (l.outcome() == Lookup.Outcome.NO_JOB) {
                LOG.info("closing {}'s jump to {}: job {} is no longer running", w.user(), w.node(), w.jobId());
                audit.record(new AuditEvent.JumpClosed(w.user(), w.session(), w.node(), w.jobId(),
                        "job " + w.jobId() + " is no longer running", channel.bytesIn(), channel.bytesOut()));
                open.remove(channel);
                if (channel.getSession() instanceof ServerSession session && Relay.openChannels(session) <= 1) {
                    // a ProxyJump connection: nothing else on it, so say why where ssh prints it
                    Relay.endConnection(session, "your job " + jobName(w.jobId()) + "on " + w.node() + " ended");
                } else {
                    channel.close(false);
                }
            }
        });
    }

    /** "1234 " for a scheduler's job id; nothing for a source without ids (the job file). */
    private static String jobName(@Nullable String jobId) {
        return jobId != null && !jobId.isEmpty() && Character.isDigit(jobId.charAt(0)) ? jobId + " " : "";
    }

    @Override
    public void close() {
        subscription.close();
    }
}
