package org.jumpgate.cpujobs;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/** Slurm in memory: each user's queue, what was submitted and cancelled, as whom. */
final class FakeSlurm implements Slurm {

    private final Map<String, List<QueuedJob>> queues = new ConcurrentHashMap<>();
    private final AtomicInteger ids = new AtomicInteger(1000);
    final List<String> submitted = new CopyOnWriteArrayList<>();
    final List<String> cancelled = new CopyOnWriteArrayList<>();
    final List<List<String>> flags = new CopyOnWriteArrayList<>();
    final AtomicInteger openSessions = new AtomicInteger();
    volatile String refusal;

    @Override
    public Session open(Requester who) {
        openSessions.incrementAndGet();
        String user = who.user();
        return new Session() {
            @Override
            public List<QueuedJob> jobs(String jobName) {
                return List.copyOf(queue(user));
            }

            @Override
            public String submit(String jobName, List<String> operatorFlags) throws CpuJobRefused {
                if (refusal != null) {
                    throw new CpuJobRefused("jumpgate: Slurm refused your CPU job: " + refusal);
                }
                String id = String.valueOf(ids.incrementAndGet());
                submitted.add(user + ":" + id + ":" + jobName);
                flags.add(operatorFlags);
                queue(user).add(new QueuedJob(id, "PENDING", "Resources", ""));
                return id;
            }

            @Override
            public void cancel(String jobId) {
                cancelled.add(user + ":" + jobId);
                queue(user).removeIf(j -> j.id().equals(jobId));
            }

            @Override
            public void close() {
                openSessions.decrementAndGet();
            }
        };
    }

    private List<QueuedJob> queue(String user) {
        return queues.computeIfAbsent(user, u -> new CopyOnWriteArrayList<>());
    }

    /** Job {@code id} of {@code user} now in {@code state}, on {@code node} ("" for none). */
    void set(String user, String id, String state, String reason, String node) {
        List<QueuedJob> q = queue(user);
        q.removeIf(j -> j.id().equals(id));
        q.add(new QueuedJob(id, state, reason, node));
    }

    void remove(String user, String id) {
        queue(user).removeIf(j -> j.id().equals(id));
    }

    List<String> ids(String user) {
        List<String> out = new ArrayList<>();
        queue(user).forEach(j -> out.add(j.id()));
        return out;
    }
}
