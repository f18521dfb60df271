package org.jumpgate.jobs;

import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** The RUNNING jobs of the whole cluster at one moment, indexed by user and node. Immutable. */
public final class JobSnapshot {

    private static final JobSnapshot EMPTY = new JobSnapshot(List.of());

    private final List<RunningJob> jobs;
    private final Map<String, Map<String, List<String>>> byUserAndNode;

    private JobSnapshot(List<RunningJob> jobs) {
        this.jobs = jobs;
        Map<String, Map<String, Set<String>>> index = new HashMap<>();
        for (RunningJob job : jobs) {
            for (String node : job.nodes()) {
                index.computeIfAbsent(job.user(), u -> new HashMap<>())
                        .computeIfAbsent(node, n -> new LinkedHashSet<>())
                        .add(job.jobId());
            }
        }
        Map<String, Map<String, List<String>>> frozen = new HashMap<>();
        index.forEach((user, nodes) -> {
            Map<String, List<String>> perNode = new HashMap<>();
            nodes.forEach((node, ids) -> perNode.put(node, List.copyOf(ids)));
            frozen.put(user, Map.copyOf(perNode));
        });
        this.byUserAndNode = Map.copyOf(frozen);
    }

    public static JobSnapshot of(Collection<RunningJob> jobs) {
        return jobs.isEmpty() ? EMPTY : new JobSnapshot(List.copyOf(jobs));
    }

    public static JobSnapshot empty() {
        return EMPTY;
    }

    public List<RunningJob> jobs() {
        return jobs;
    }

    /** The ids of {@code user}'s RUNNING jobs on {@code node}, in scheduler order. */
    public List<String> jobsOn(String user, String node) {
        return byUserAndNode.getOrDefault(user, Map.of()).getOrDefault(key(node), List.of());
    }

    /** One of {@code user}'s RUNNING jobs on {@code node} (the first the scheduler listed). */
    public Optional<String> jobOn(String user, String node) {
        return jobsOn(user, node).stream().findFirst();
    }

    public boolean isRunning(String user, String node, String jobId) {
        return jobsOn(user, node).contains(jobId);
    }

    /** The nodes where {@code user} has a RUNNING job. */
    public Set<String> nodesOf(String user) {
        return byUserAndNode.getOrDefault(user, Map.of()).keySet();
    }

    private static String key(String node) {
        return node == null ? "" : node.toLowerCase(Locale.ROOT);
    }

    @Override
    public String toString() {
        return "JobSnapshot[" + jobs.size() + " running jobs, " + byUserAndNode.size() + " users]";
    }
}
