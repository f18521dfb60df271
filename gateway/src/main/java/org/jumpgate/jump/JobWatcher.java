package org.jumpgate.jump;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.jumpgate.audit.AuditLog;
import org.jumpgate.jobs.JobDirectory;
import org.jumpgate.jobs.JobSnapshot;
import org.jumpgate.jobs.Lookup;
import org.jumpgate.relay.RawAcceptedChannel;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Closes a compute jump when its job leaves RUNNING: on every new job snapshot, each open jump is
 * checked against it. While the scheduler cannot be asked, open jumps stay (new ones are refused):
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
                audit.record("jump.closed", "user", w.user(), "session", w.session(), "node", w.node(), "job",
                        w.jobId(), "reason", "job " + w.jobId() + " is no longer running", "bytesUp",
                        channel.bytesIn(), "bytesDown", channel.bytesOut());
                open.remove(channel);
                channel.close(false);
            }
        });
    }

    @Override
    public void close() {
        subscription.close();
    }
}
