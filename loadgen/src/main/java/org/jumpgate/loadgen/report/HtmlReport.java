package org.jumpgate.loadgen.report;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.jumpgate.loadgen.run.ErrorKind;
import org.jumpgate.loadgen.run.LoadPlan;
import org.jumpgate.loadgen.run.LoadResult;
import org.jumpgate.loadgen.run.Metric;
import org.jumpgate.loadgen.run.PercentilePoint;
import org.jumpgate.loadgen.run.TimelinePoint;

/**
 * The run for a person, as one self-contained HTML page (inline CSS and SVG, no script, nothing
 * fetched): the headline numbers, the latency table, errors by kind, then for each metric its
 * p50 and p99 per second over the run, and every metric's percentile distribution on the classic
 * log scale (90%, 99%, 99.9%...).
 */
public final class HtmlReport {

    static final String P50_COLOR = "#1f77b4";
    static final String P99_COLOR = "#d62728";
    static final List<String> PALETTE = List.of("#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b",
            "#e377c2");
    /** Percentile axis: ticks at 0%, 90%, 99%, ... up to 99.999%. */
    static final int PERCENTILE_NINES = 5;

    private static final String STYLE = """
            body{font-family:system-ui,sans-serif;margin:24px;color:#222;max-width:960px}
            h1{font-size:1.4em}h2{font-size:1.1em;margin-top:1.6em}
            table{border-collapse:collapse}td,th{padding:3px 10px;text-align:right;border-bottom:1px solid #ddd}
            th:first-child,td:first-child{text-align:left}.ok{color:#2ca02c}.bad{color:#d62728}
            .big{font-size:1.3em;margin-right:1.5em}
            svg .title{font-weight:bold;font-size:13px}svg .plot{fill:#fafafa;stroke:#999}
            svg .grid{stroke:#e4e4e4}svg text{font-size:11px;fill:#333}svg .ytick{text-anchor:end}
            svg .xtick{text-anchor:middle}svg .axis{text-anchor:middle;font-size:12px}
            """;

    private HtmlReport() {
    }

    public static String render(LoadResult r) {
        StringBuilder h = new StringBuilder();
        LoadPlan p = r.plan();
        String title = "jumpgate load: " + p.scenario() + " against " + r.target();
        h.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>")
                .append(SvgChart.esc(title)).append("</title>\n<style>").append(STYLE).append("</style></head><body>\n");
        h.append("<h1>").append(SvgChart.esc(title)).append("</h1>\n");
        h.append("<p>").append(SvgChart.esc(String.format(Locale.ROOT,
                "Started %s; ran %.1f s (%s). %d user%s, concurrency %d%s, ramp %s.", r.startedAt(),
                r.elapsed().toMillis() / 1000.0, r.stopReason().description(), r.users(), r.users() == 1 ? "" : "s",
                p.concurrency(), p.rate() > 0 ? String.format(Locale.ROOT, ", rate %.1f/s", p.rate()) : "",
                LoadPlan.text(p.ramp())))).append("</p>\n");
        h.append("<p><span class=\"big\">").append(r.completed()).append(" completed</span><span class=\"big ")
                .append(r.errorCount() == 0 ? "ok" : "bad").append("\">").append(r.errorCount())
                .append(" errors</span><span class=\"big\">")
                .append(String.format(Locale.ROOT, "%.1f ops/s", r.opsPerSecond())).append("</span>");
        if (r.bytesSent() + r.bytesReceived() > 0) {
            h.append("<span class=\"big\">").append(String.format(Locale.ROOT, "%.2f MiB/s", r.mibPerSecond()))
                    .append("</span>");
        }
        h.append("</p>\n");
        h.append("<h2>Latency (ms)</h2>\n<table><tr><th>metric</th><th>count</th><th>min</th><th>p50</th><th>p90</th>"
                + "<th>p99</th><th>p99.9</th><th>max</th><th></th></tr>\n");
        for (Metric m : Metric.values()) {
            LatencySummary l = r.latencies().get(m);
            if (l != null) {
                h.append("<tr><td>").append(m.label()).append("</td><td>").append(l.count()).append("</td>");
                for (long v : new long[] {l.min(), l.p50(), l.p90(), l.p99(), l.p999(), l.max()}) {
                    h.append("<td>").append(SummaryTable.ms(v)).append("</td>");
                }
                h.append("<td>").append(SvgChart.esc(m.description())).append("</td></tr>\n");
            }
        }
        h.append("</table>\n<h2>Errors</h2>\n");
        if (r.errors().isEmpty()) {
            h.append("<p class=\"ok\">none</p>\n");
        } else {
            h.append("<table><tr><th>kind</th><th>count</th><th>example</th></tr>\n");
            for (Map.Entry<ErrorKind, Long> e : new TreeMap<>(r.errors()).entrySet()) {
                h.append("<tr><td>").append(e.getKey().label()).append("</td><td>").append(e.getValue())
                        .append("</td><td style=\"text-align:left\">")
                        .append(SvgChart.esc(r.errorExamples().getOrDefault(e.getKey(), ""))).append("</td></tr>\n");
            }
            h.append("</table>\n");
        }
        h.append("<h2>Latency over time</h2>\n");
        for (Metric m : orderedMetrics(r)) {
            List<TimelinePoint> points = r.timeline(m);
            if (points.isEmpty()) {
                continue;
            }
            List<double[]> p50 = new ArrayList<>();
            List<double[]> p99 = new ArrayList<>();
            for (TimelinePoint t : points) {
                p50.add(new double[] {t.second() + 1, t.p50() / 1000.0});
                p99.add(new double[] {t.second() + 1, t.p99() / 1000.0});
            }
            h.append(SvgChart.render(m.label() + ": p50 and p99 per second", "seconds into the run", "ms",
                    List.of(new SvgChart.Series(m.label() + "-p50", "p50", P50_COLOR, p50),
                            new SvgChart.Series(m.label() + "-p99", "p99", P99_COLOR, p99)), List.of()));
        }
        h.append("<h2>Percentile distribution</h2>\n");
        List<SvgChart.Series> dist = new ArrayList<>();
        int color = 0;
        for (Metric m : orderedMetrics(r)) {
            List<PercentilePoint> pts = r.distributions().get(m);
            if (pts == null || pts.isEmpty()) {
                continue;
            }
            List<double[]> xy = new ArrayList<>();
            for (PercentilePoint pp : pts) {
                xy.add(new double[] {percentileX(pp.percentile()), pp.micros() / 1000.0});
            }
            dist.add(new SvgChart.Series(m.label(), m.label(), PALETTE.get(color++ % PALETTE.size()), xy));
        }
        if (!dist.isEmpty()) {
            List<SvgChart.Tick> ticks = new ArrayList<>();
            ticks.add(new SvgChart.Tick(0, "0%"));
            String nines = "9";
            for (int i = 1; i <= PERCENTILE_NINES; i++) {
                String label = i == 1 ? "90%" : "99" + (i > 2 ? "." + nines.repeat(i - 2) : "") + "%";
                ticks.add(new SvgChart.Tick(i, label));
            }
            h.append(SvgChart.render("latency by percentile", "percentile", "ms", dist, ticks));
        }
        if (!r.hostKeys().isEmpty()) {
            h.append("<h2>Host keys</h2>\n<p>");
            for (String fp : r.hostKeys()) {
                h.append("<code>").append(SvgChart.esc(fp)).append("</code> ")
                        .append(r.hostKeysVerified() ? "(in known_hosts)" : "(not verified)").append("<br>\n");
            }
            h.append("</p>\n");
        }
        h.append("</body></html>\n");
        return h.toString();
    }

    /** The headline metric first, then the others in their order. */
    private static List<Metric> orderedMetrics(LoadResult r) {
        List<Metric> out = new ArrayList<>();
        Metric head = r.plan().scenario().headline();
        out.add(head);
        for (Metric m : Metric.values()) {
            if (m != head) {
                out.add(m);
            }
        }
        return out;
    }

    /** The x position of a percentile on the log axis: 0 at 0%, 1 at 90%, 2 at 99%, ... */
    static double percentileX(double percentile) {
        double rest = 1 - Math.min(percentile, 99.99999) / 100.0;
        return Math.min(PERCENTILE_NINES, Math.log10(1 / rest));
    }

    public static void write(LoadResult r, Path file) throws IOException {
        Files.writeString(file, render(r));
    }
}
