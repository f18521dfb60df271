package org.jumpgate.loadgen.report;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.jumpgate.loadgen.run.ErrorKind;
import org.jumpgate.loadgen.run.LoadPlan;
import org.jumpgate.loadgen.run.LoadResult;
import org.jumpgate.loadgen.run.Metric;
import org.jumpgate.loadgen.run.PercentilePoint;
import org.jumpgate.loadgen.run.Scenario;
import org.jumpgate.loadgen.run.TimelinePoint;

/**
 * The run for machines. Latencies are in microseconds ({@code *_us}); keys are stable:
 * {@code scenario}, {@code target}, {@code elapsed_ms}, {@code stop_reason}, {@code completed},
 * {@code errors} (kind to count), {@code error_examples}, {@code latency_us} (metric to count,
 * min, p50, p90, p99, p99_9, max, mean), {@code percentiles_us}, {@code timeline},
 * {@code bytes_sent}, {@code bytes_received}, {@code host_keys}.
 */
public final class JsonSummary {

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private JsonSummary() {
    }

    public static ObjectNode toJson(LoadResult r) {
        ObjectNode root = JSON.createObjectNode();
        LoadPlan p = r.plan();
        root.put("scenario", p.scenario().label());
        root.put("target", r.target());
        root.put("users", r.users());
        ObjectNode plan = root.putObject("plan");
        plan.put("concurrency", p.concurrency());
        plan.put("ramp_ms", p.ramp().toMillis());
        plan.put("rate_per_s", p.rate());
        plan.put("duration_ms", p.duration().toMillis());
        plan.put("max_count", p.maxCount());
        plan.put("hard_limit_ms", p.hardLimit().toMillis());
        plan.put("timeout_ms", p.timeout().toMillis());
        plan.put("interval_ms", p.interval().toMillis());
        if (p.jumpTarget() != null) {
            plan.put("jump_target", p.jumpTarget().toString());
            plan.put("channels_per_session", p.channels());
        }
        if (p.scenario() == Scenario.BULK) {
            plan.put("bulk_bytes", p.bulkBytes());
            plan.put("bulk_command", p.bulkCommand());
        }
        root.put("started_at", r.startedAt().toString());
        root.put("elapsed_ms", r.elapsed().toMillis());
        root.put("stop_reason", r.stopReason().name().toLowerCase(java.util.Locale.ROOT).replace('_', '-'));
        root.put("completed", r.completed());
        root.put("ops_per_s", r.opsPerSecond());
        root.put("connects", r.connects());
        root.put("sessions", r.sessionsOpened());
        root.put("bytes_sent", r.bytesSent());
        root.put("bytes_received", r.bytesReceived());
        root.put("mib_per_s", r.mibPerSecond());
        root.put("error_count", r.errorCount());
        ObjectNode errors = root.putObject("errors");
        ObjectNode examples = root.putObject("error_examples");
        for (Map.Entry<ErrorKind, Long> e : new TreeMap<>(r.errors()).entrySet()) {
            errors.put(e.getKey().label(), e.getValue());
            examples.put(e.getKey().label(), r.errorExamples().getOrDefault(e.getKey(), ""));
        }
        ObjectNode latency = root.putObject("latency_us");
        ObjectNode percentiles = root.putObject("percentiles_us");
        for (Metric m : Metric.values()) {
            LatencySummary l = r.latencies().get(m);
            if (l == null) {
                continue;
            }
            ObjectNode o = latency.putObject(m.label());
            o.put("count", l.count());
            o.put("min", l.min());
            o.put("p50", l.p50());
            o.put("p90", l.p90());
            o.put("p99", l.p99());
            o.put("p99_9", l.p999());
            o.put("max", l.max());
            o.put("mean", l.mean());
            ArrayNode a = percentiles.putArray(m.label());
            for (PercentilePoint pp : r.distributions().getOrDefault(m, List.of())) {
                a.addArray().add(pp.percentile()).add(pp.micros());
            }
        }
        ArrayNode timeline = root.putArray("timeline");
        for (TimelinePoint t : r.timeline()) {
            ObjectNode o = timeline.addObject();
            o.put("second", t.second());
            o.put("metric", t.metric().label());
            o.put("count", t.count());
            o.put("p50_us", t.p50());
            o.put("p99_us", t.p99());
            o.put("max_us", t.max());
        }
        ObjectNode keys = root.putObject("host_keys");
        keys.put("verified", r.hostKeysVerified());
        ArrayNode fps = keys.putArray("fingerprints");
        r.hostKeys().stream().sorted().forEach(fps::add);
        return root;
    }

    public static String format(LoadResult r) {
        try {
            return JSON.writeValueAsString(toJson(r)) + "\n";
        } catch (IOException e) {
            throw new IllegalStateException("cannot write JSON: " + e.getMessage(), e);
        }
    }

    public static void write(LoadResult r, Path file) throws IOException {
        Files.writeString(file, format(r));
    }
}
