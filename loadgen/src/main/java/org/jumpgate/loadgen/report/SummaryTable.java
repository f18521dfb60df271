package org.jumpgate.loadgen.report;

import java.util.Locale;
import java.util.Map;
import org.jumpgate.loadgen.run.ErrorKind;
import org.jumpgate.loadgen.run.LoadPlan;
import org.jumpgate.loadgen.run.LoadResult;
import org.jumpgate.loadgen.run.Metric;
import org.jumpgate.loadgen.run.Scenario;

/** The text a person reads at the end of a run. */
public final class SummaryTable {

    private SummaryTable() {
    }

    public static String format(LoadResult r) {
        StringBuilder s = new StringBuilder();
        LoadPlan p = r.plan();
        s.append(String.format(Locale.ROOT, "jumpgate load: %s against %s, %d user%s, concurrency %d%s%s%n",
                p.scenario(), r.target(), r.users(), r.users() == 1 ? "" : "s", p.concurrency(),
                p.rate() > 0 ? String.format(Locale.ROOT, ", rate %.1f/s", p.rate()) : "",
                p.scenario() == Scenario.JUMP ? ", jump target " + p.jumpTarget() : ""));
        s.append(String.format(Locale.ROOT, "ran %.1f s (%s)%n", r.elapsed().toMillis() / 1000.0,
                r.stopReason().description()));
        s.append(String.format(Locale.ROOT, "completed %d  errors %d  %.1f ops/s  connects %d  sessions %d%n",
                r.completed(), r.errorCount(), r.opsPerSecond(), r.connects(), r.sessionsOpened()));
        if (r.bytesSent() + r.bytesReceived() > 0) {
            s.append(String.format(Locale.ROOT, "payload sent %s  received %s  %.2f MiB/s%n", bytes(r.bytesSent()),
                    bytes(r.bytesReceived()), r.mibPerSecond()));
        }
        s.append('\n');
        s.append(String.format(Locale.ROOT, "%-11s %8s %9s %9s %9s %9s %9s %9s%n", "latency ms", "count", "min",
                "p50", "p90", "p99", "p99.9", "max"));
        for (Metric m : Metric.values()) {
            LatencySummary l = r.latencies().get(m);
            if (l == null) {
                continue;
            }
            s.append(String.format(Locale.ROOT, "%-11s %8d %9s %9s %9s %9s %9s %9s%n", m.label(), l.count(),
                    ms(l.min()), ms(l.p50()), ms(l.p90()), ms(l.p99()), ms(l.p999()), ms(l.max())));
        }
        if (r.latencies().isEmpty()) {
            s.append("(no latencies recorded)\n");
        }
        s.append('\n');
        if (r.errors().isEmpty()) {
            s.append("errors: none\n");
        } else {
            s.append("errors by kind:\n");
            for (Map.Entry<ErrorKind, Long> e : new java.util.TreeMap<>(r.errors()).entrySet()) {
                s.append(String.format(Locale.ROOT, "  %-16s %8d  e.g. %s%n", e.getKey().label(), e.getValue(),
                        r.errorExamples().getOrDefault(e.getKey(), "")));
            }
        }
        for (String fp : r.hostKeys()) {
            s.append("host key: ").append(fp).append(r.hostKeysVerified() ? " (in known_hosts)" : " (not verified)")
                    .append('\n');
        }
        return s.toString();
    }

    /** Microseconds as milliseconds with three decimals. */
    static String ms(long micros) {
        return String.format(Locale.ROOT, "%.3f", micros / 1000.0);
    }

    static String bytes(long n) {
        if (n < 1024) {
            return n + " B";
        }
        if (n < LoadPlan.MIB) {
            return String.format(Locale.ROOT, "%.1f KiB", n / 1024.0);
        }
        return String.format(Locale.ROOT, "%.1f MiB", n / (double) LoadPlan.MIB);
    }
}
