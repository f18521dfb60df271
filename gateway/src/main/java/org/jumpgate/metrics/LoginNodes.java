package org.jumpgate.metrics;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.ToDoubleFunction;
import org.jumpgate.balancer.BackendState;
import org.jumpgate.balancer.BackendStatus;
import org.jumpgate.balancer.Balancer;
import org.jumpgate.balancer.ProbeObserver;

/**
 * Per login node gauges (state, score, sessions, load, memory) read from the balancer at each
 * scrape, and probe latency timers fed by its {@link ProbeObserver}. The set of nodes follows the
 * balancer's: checked when a probe names a node not yet known, and at most every
 * {@link #RECHECK_EVERY} otherwise (a reload that only removes nodes).
 */
final class LoginNodes implements ProbeObserver {

    /** How often, at most, the set of nodes is compared with the balancer's when no new name shows up. */
    static final Duration RECHECK_EVERY = Duration.ofSeconds(10);
    static final Duration[] PROBE_BUCKETS = {
        Duration.ofMillis(1), Duration.ofMillis(2), Duration.ofMillis(5), Duration.ofMillis(10),
        Duration.ofMillis(25), Duration.ofMillis(50), Duration.ofMillis(100), Duration.ofMillis(250),
        Duration.ofMillis(500), Duration.ofSeconds(1), Duration.ofSeconds(2), Duration.ofSeconds(5),
        Duration.ofSeconds(10)};

    private final MeterRegistry registry;
    private final Balancer balancer;
    private final MultiGauge state;
    private final MultiGauge score;
    private final MultiGauge sessions;
    private final MultiGauge load;
    private final MultiGauge memory;
    private final Map<String, List<Timer>> timers = new HashMap<>();
    private final Map<String, Timer> byKey = new HashMap<>();
    private volatile List<String> names = List.of();
    private volatile long checkedAt;

    LoginNodes(MeterRegistry registry, Balancer balancer) {
        this.registry = registry;
        this.balancer = balancer;
        state = MultiGauge.builder("jumpgate.login.node.state")
                .description("1 for the state a login node is in now, 0 for the others").register(registry);
        score = MultiGauge.builder("jumpgate.login.node.score")
                .description("a login node's balancing score, lower is better; NaN when it takes no balanced sessions")
                .register(registry);
        sessions = MultiGauge.builder("jumpgate.login.node.sessions")
                .description("live sessions this gateway holds on a login node").register(registry);
        load = MultiGauge.builder("jumpgate.login.node.load.per.cpu")
                .description("a login node's reported load per CPU; NaN when unknown").register(registry);
        memory = MultiGauge.builder("jumpgate.login.node.memory.used.ratio")
                .description("a login node's used share of memory (node_exporter); NaN when unknown").register(registry);
        recheck();
    }

    @Override
    public void probed(String backend, Probe probe, boolean passed, Duration took) {
        long now = registry.config().clock().monotonicTime();
        if (!names.contains(backend) || now - checkedAt >= RECHECK_EVERY.toNanos()) {
            recheck();
        }
        Timer t;
        synchronized (this) {
            t = byKey.get(key(backend, probe, passed));
        }
        if (t != null) {
            t.record(took.toNanos(), TimeUnit.NANOSECONDS);
        }
    }

    /** Makes the gauges and timers follow the balancer's nodes now. */
    synchronized void recheck() {
        checkedAt = registry.config().clock().monotonicTime();
        List<String> now = balancer.backends().stream().map(BackendStatus::name).toList();
        if (now.equals(names)) {
            return;
        }
        List<MultiGauge.Row<?>> states = new ArrayList<>();
        List<MultiGauge.Row<?>> scores = new ArrayList<>();
        List<MultiGauge.Row<?>> live = new ArrayList<>();
        List<MultiGauge.Row<?>> loads = new ArrayList<>();
        List<MultiGauge.Row<?>> memories = new ArrayList<>();
        for (String name : now) {
            for (BackendState s : BackendState.values()) {
                states.add(row(name, Tags.of("state", s.name().toLowerCase(Locale.ROOT)),
                        b -> b.state() == s ? 1 : 0));
            }
            scores.add(row(name, Tags.empty(), b -> orNaN(b.score())));
            live.add(row(name, Tags.empty(), BackendStatus::sessions));
            loads.add(row(name, Tags.empty(), b -> orNaN(b.loadPerCpu())));
            memories.add(row(name, Tags.empty(), b -> orNaN(b.memoryUsed())));
        }
        state.register(states, true);
        score.register(scores, true);
        sessions.register(live, true);
        load.register(loads, true);
        memory.register(memories, true);
        for (String gone : names) {
            if (!now.contains(gone)) {
                timers.remove(gone).forEach(registry::remove);
                byKey.keySet().removeIf(k -> k.startsWith(gone + "\n"));
            }
        }
        for (String name : now) {
            if (!timers.containsKey(name)) {
                List<Timer> made = new ArrayList<>();
                for (Probe p : Probe.values()) {
                    for (boolean passed : new boolean[] {true, false}) {
                        Timer t = Timer.builder("jumpgate.login.node.probe.duration")
                                .description("how long a login node's probes took, by probe and outcome")
                                .tag("node", name).tag("probe", p.name().toLowerCase(Locale.ROOT))
                                .tag("outcome", passed ? "passed" : "failed")
                                .serviceLevelObjectives(PROBE_BUCKETS).register(registry);
                        made.add(t);
                        byKey.put(key(name, p, passed), t);
                    }
                }
                timers.put(name, made);
            }
        }
        names = now;
    }

    private static String key(String name, Probe probe, boolean passed) {
        return name + "\n" + probe + "\n" + passed;
    }

    private MultiGauge.Row<Balancer> row(String name, Tags extra, ToDoubleFunction<BackendStatus> value) {
        return MultiGauge.Row.of(Tags.of("node", name).and(extra), balancer, b -> {
            Optional<BackendStatus> s = b.backend(name);
            return s.isPresent() ? value.applyAsDouble(s.get()) : Double.NaN;
        });
    }

    private static double orNaN(Number n) {
        return n == null ? Double.NaN : n.doubleValue();
    }
}
