package org.jumpgate.jobs;

import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * One RUNNING job: its id as {@code squeue} shows it ({@code 1234}, {@code 1234_7} for an array
 * task, {@code 1234+0} for a heterogeneous component), its user, and the (lower-cased) node names
 * it runs on.
 */
public record RunningJob(String jobId, String user, List<String> nodes) {

    public RunningJob {
        if (jobId == null || jobId.isBlank()) {
            throw new IllegalArgumentException("job id is blank");
        }
        if (user == null || user.isBlank()) {
            throw new IllegalArgumentException("user of job " + jobId + " is blank");
        }
        Objects.requireNonNull(nodes, "nodes");
        nodes = nodes.stream().map(n -> n.toLowerCase(Locale.ROOT)).distinct().toList();
    }
}
