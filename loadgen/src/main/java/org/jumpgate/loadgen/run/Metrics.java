package org.jumpgate.loadgen.run;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.HistogramIterationValue;
import org.HdrHistogram.Recorder;
import org.jumpgate.loadgen.report.LatencySummary;

/**
 * What a run measures. Recording is lock-free from any thread (HdrHistogram {@link Recorder}s);
 * {@link #sample} runs once a second on one thread and rolls each interval into the timeline and
 * the run's totals.
 */
final class Metrics {

    static final int SIGNIFICANT_DIGITS = 3;
    /** Ticks per half-distance when a distribution is listed; 5 gives smooth curves. */
    static final int PERCENTILE_TICKS = 5;
    /** Percentile distributions stop here: beyond, a short run has no data. */
    static final double MAX_LISTED_PERCENTILE = 99.999;

    private final Map<Metric, Recorder> recorders = new EnumMap<>(Metric.class);
    private final Map<Metric, Histogram> totals = new EnumMap<>(Metric.class);
    private final Map<Metric, Histogram> recycled = new EnumMap<>(Metric.class);
    private final List<TimelinePoint> timeline = new ArrayList<>();
    private final Map<ErrorKind, LongAdder> errors = new ConcurrentHashMap<>();
    private final Map<ErrorKind, String> examples = new ConcurrentHashMap<>();
    private final Set<String> fingerprints = ConcurrentHashMap.newKeySet();
    final LongAdder completed = new LongAdder();
    final LongAdder bytesSent = new LongAdder();
    final LongAdder bytesReceived = new LongAdder();
    final LongAdder sessionsOpened = new LongAdder();
    final AtomicLong connected = new AtomicLong();

    Metrics() {
        for (Metric m : Metric.values()) {
            recorders.put(m, new Recorder(SIGNIFICANT_DIGITS));
            totals.put(m, new Histogram(SIGNIFICANT_DIGITS));
        }
    }

    void record(Metric m, long nanos) {
        recorders.get(m).recordValue(Math.max(1, nanos / 1000));
    }

    void error(ErrorKind kind, String message) {
        errors.computeIfAbsent(kind, k -> new LongAdder()).increment();
        examples.putIfAbsent(kind, message == null ? kind.label() : message);
    }

    void hostKey(String fingerprint) {
        fingerprints.add(fingerprint);
    }

    long errorCount() {
        return errors.values().stream().mapToLong(LongAdder::sum).sum();
    }

    /** Rolls what was recorded since the last call into second {@code second} of the timeline. */
    synchronized void sample(long second) {
        for (Metric m : Metric.values()) {
            Histogram interval = recorders.get(m).getIntervalHistogram(recycled.get(m));
            recycled.put(m, interval);
            if (interval.getTotalCount() > 0) {
                timeline.add(new TimelinePoint(second, m, interval.getTotalCount(),
                        interval.getValueAtPercentile(50), interval.getValueAtPercentile(99), interval.getMaxValue()));
                totals.get(m).add(interval);
            }
        }
    }

    synchronized Map<Metric, LatencySummary> summaries() {
        Map<Metric, LatencySummary> out = new EnumMap<>(Metric.class);
        totals.forEach((m, h) -> {
            if (h.getTotalCount() > 0) {
                out.put(m, LatencySummary.of(h));
            }
        });
        return out;
    }

    synchronized Map<Metric, List<PercentilePoint>> distributions() {
        Map<Metric, List<PercentilePoint>> out = new EnumMap<>(Metric.class);
        totals.forEach((m, h) -> {
            if (h.getTotalCount() > 0) {
                List<PercentilePoint> points = new ArrayList<>();
                for (HistogramIterationValue v : h.percentiles(PERCENTILE_TICKS)) {
                    double p = v.getPercentileLevelIteratedTo();
                    points.add(new PercentilePoint(Math.min(p, MAX_LISTED_PERCENTILE), v.getValueIteratedTo()));
                    if (p >= MAX_LISTED_PERCENTILE) {
                        break;
                    }
                }
                out.put(m, points);
            }
        });
        return out;
    }

    synchronized List<TimelinePoint> timeline() {
        return List.copyOf(timeline);
    }

    Map<ErrorKind, Long> errors() {
        Map<ErrorKind, Long> out = new EnumMap<>(ErrorKind.class);
        errors.forEach((k, v) -> out.put(k, v.sum()));
        return out;
    }

    Map<ErrorKind, String> examples() {
        Map<ErrorKind, String> out = new EnumMap<>(ErrorKind.class);
        out.putAll(examples);
        out.keySet().retainAll(errors.keySet());
        return out;
    }

    Set<String> fingerprints() {
        return new TreeSet<>(fingerprints);
    }
}
