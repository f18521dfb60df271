package org.jumpgate.loadgen.report;

import org.HdrHistogram.AbstractHistogram;

/** One metric's latencies over the whole run, in microseconds. */
public record LatencySummary(long count, long min, long p50, long p90, long p99, long p999, long max, double mean) {

    public static LatencySummary of(AbstractHistogram h) {
        if (h.getTotalCount() == 0) {
            return new LatencySummary(0, 0, 0, 0, 0, 0, 0, 0);
        }
        return new LatencySummary(h.getTotalCount(), h.getMinValue(), h.getValueAtPercentile(50),
                h.getValueAtPercentile(90), h.getValueAtPercentile(99), h.getValueAtPercentile(99.9), h.getMaxValue(),
                h.getMean());
    }
}
