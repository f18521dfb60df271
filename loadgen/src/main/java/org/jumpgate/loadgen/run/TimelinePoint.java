package org.jumpgate.loadgen.run;

/**
 * One metric during one second of the run (microseconds).
 *
 * @param second seconds since the run started (the second that ended at {@code second + 1})
 */
public record TimelinePoint(long second, Metric metric, long count, long p50, long p99, long max) {
}
