package org.jumpgate.loadgen.run;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jumpgate.loadgen.report.LatencySummary;

/**
 * What a run measured.
 *
 * @param plan              the plan it followed
 * @param target            the gateway address, as given
 * @param users             how many users it had
 * @param startedAt         wall time of the start (the run's clock)
 * @param elapsed           how long it ran
 * @param stopReason        why it ended
 * @param completed         operations that succeeded
 * @param errors            failed operations by kind
 * @param errorExamples     one message for each kind
 * @param latencies         per metric with data, over the whole run (microseconds)
 * @param distributions     per metric, its percentile distribution
 * @param timeline          per second and metric: count, p50, p99, max
 * @param bytesSent         payload bytes sent in channels
 * @param bytesReceived     payload bytes received in channels
 * @param sessionsOpened    SSH sessions that authenticated
 * @param connects          TCP connections made
 * @param hostKeys          fingerprints of the host keys the target showed
 * @param hostKeysVerified  whether they were checked against a known_hosts file
 */
public record LoadResult(LoadPlan plan, String target, int users, Instant startedAt, Duration elapsed,
                         StopReason stopReason, long completed, Map<ErrorKind, Long> errors,
                         Map<ErrorKind, String> errorExamples, Map<Metric, LatencySummary> latencies,
                         Map<Metric, List<PercentilePoint>> distributions, List<TimelinePoint> timeline,
                         long bytesSent, long bytesReceived, long sessionsOpened, long connects,
                         Set<String> hostKeys, boolean hostKeysVerified) {

    public LoadResult {
        errors = Map.copyOf(errors);
        errorExamples = Map.copyOf(errorExamples);
        latencies = Map.copyOf(latencies);
        distributions = Map.copyOf(distributions);
        timeline = List.copyOf(timeline);
        hostKeys = Set.copyOf(hostKeys);
    }

    public long errorCount() {
        return errors.values().stream().mapToLong(Long::longValue).sum();
    }

    /** False when not one TCP connection to the target succeeded. */
    public boolean reachable() {
        return connects > 0;
    }

    /** Completed operations per second of the run. */
    public double opsPerSecond() {
        double s = elapsed.toNanos() / 1e9;
        return s > 0 ? completed / s : 0;
    }

    /** Payload MiB per second, both directions together. */
    public double mibPerSecond() {
        double s = elapsed.toNanos() / 1e9;
        return s > 0 ? (bytesSent + bytesReceived) / (double) LoadPlan.MIB / s : 0;
    }

    public List<TimelinePoint> timeline(Metric m) {
        return timeline.stream().filter(p -> p.metric() == m).toList();
    }
}
