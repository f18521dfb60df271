package org.jumpgate.loadgen.run;

/** A point of a percentile distribution: {@code percentile}% of values were at most {@code micros}. */
public record PercentilePoint(double percentile, long micros) {
}
