package org.jumpgate.metrics;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.system.FileDescriptorMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.core.instrument.config.MeterFilter;
import io.micrometer.core.instrument.distribution.DistributionStatisticConfig;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;
import org.apache.sshd.common.AttributeRepository.AttributeKey;
import org.apache.sshd.common.session.Session;
import org.apache.sshd.common.session.SessionListener;
import org.jumpgate.audit.AuditLog;
import org.jumpgate.backend.BackendConnector;
import org.jumpgate.balancer.Balancer;
import org.jumpgate.balancer.ProbeObserver;
import org.jumpgate.jobs.JobDirectory;
import org.jspecify.annotations.Nullable;

/**
 * The gateway's metrics beyond the audit event counts, bound in one place. Make it with
 * {@link #bind(MeterRegistry)} right after the registry (before any meter: the GC pause
 * histogram's buckets are a filter), then hand it what it observes:
 * {@link #counting(AuditLog)} around the audit log, {@link #loginTimer()} on every listener,
 * {@link #timeBackendLink(Supplier)} around backend link connects, {@link #watch(Balancer, JobDirectory)}
 * once those run. {@link #close()} stops observing (the registry is closed by its owner).
 *
 * <p>Prometheus names: {@code jumpgate_login_duration_seconds{phase="auth"|"backend"}} (histogram),
 * {@code jumpgate_auth_failures_total{reason}}, {@code jumpgate_relayed_bytes_total{direction,channel}},
 * {@code jumpgate_jumps_total{outcome,reason}}, {@code jumpgate_sessions_started_total{kind}},
 * {@code jumpgate_sessions_open{kind}}, {@code jumpgate_login_node_state{node,state}},
 * {@code jumpgate_login_node_score}, {@code _sessions}, {@code _load_per_cpu},
 * {@code _memory_used_ratio}, {@code jumpgate_login_node_probe_duration_seconds{node,probe,outcome}},
 * {@code jumpgate_jobs_snapshot_age_seconds}, {@code jumpgate_jobs_fresh}, {@code jumpgate_jobs_running},
 * {@code jumpgate_backend_links_reused_total}, {@code jumpgate_backend_links_lingering},
 * {@code jumpgate_backend_pool_hits_total}, {@code _misses_total}, {@code jumpgate_backend_pool_sessions},
 * {@code jumpgate_backend_kem_keys_generated_total},
 * {@code jumpgate_build_info{version}}, and Micrometer's {@code jvm_gc_pause_seconds} (histogram),
 * {@code process_files_open_files}, {@code process_files_max_files}, {@code process_cpu_usage} and others.
 */
public final class GatewayMetrics implements AutoCloseable {

    /** The build's version (the jar manifest's Implementation-Version), {@code development} outside a jar. */
    public static final String VERSION = version();

    static final Duration[] LOGIN_BUCKETS = {
        Duration.ofMillis(10), Duration.ofMillis(25), Duration.ofMillis(50), Duration.ofMillis(100),
        Duration.ofMillis(250), Duration.ofMillis(500), Duration.ofSeconds(1), Duration.ofSeconds(2),
        Duration.ofSeconds(5), Duration.ofSeconds(10), Duration.ofSeconds(30), Duration.ofSeconds(60)};
    static final Duration[] GC_PAUSE_BUCKETS = {
        Duration.ofMillis(1), Duration.ofMillis(5), Duration.ofMillis(10), Duration.ofMillis(25),
        Duration.ofMillis(50), Duration.ofMillis(100), Duration.ofMillis(250), Duration.ofMillis(500),
        Duration.ofSeconds(1), Duration.ofSeconds(2), Duration.ofSeconds(5)};

    /** When a connection was accepted, on the registry's clock, until it authenticates. */
    private static final AttributeKey<Timer.Sample> ACCEPTED = new AttributeKey<>();

    private final MeterRegistry registry;
    private final JvmGcMetrics gc;
    private final Timer authTimer;
    private final Timer backendTimer;
    private volatile @Nullable Balancer balancer;

    private GatewayMetrics(MeterRegistry registry) {
        this.registry = registry;
        registry.config().meterFilter(new MeterFilter() {
            @Override
            public DistributionStatisticConfig configure(Meter.Id id, DistributionStatisticConfig config) {
                if (!id.getName().equals("jvm.gc.pause")) {
                    return config;
                }
                return DistributionStatisticConfig.builder()
                        .serviceLevelObjectives(Arrays.stream(GC_PAUSE_BUCKETS).mapToDouble(Duration::toNanos).toArray())
                        .build().merge(config);
            }
        });
        gc = new JvmGcMetrics();
        gc.bindTo(registry);
        new FileDescriptorMetrics().bindTo(registry);
        new ProcessorMetrics().bindTo(registry);
        new UptimeMetrics().bindTo(registry);
        new ClassLoaderMetrics().bindTo(registry);
        Gauge.builder("jumpgate.build.info", () -> 1).tag("version", VERSION)
                .description("1, with the build's version").register(registry);
        authTimer = login("auth");
        backendTimer = login("backend");
    }

    /**
     * {@code auth}: from accept to authenticated (key exchange, the key, the second factor: a person
     * typing a code included); {@code backend}: the backend link (connect, key exchange, certificate
     * login to a login node, failover included).
     */
    private Timer login(String phase) {
        return Timer.builder("jumpgate.login.duration").tag("phase", phase)
                .description("how long logging in took: auth (accept to authenticated), backend (the backend link)")
                .serviceLevelObjectives(LOGIN_BUCKETS).register(registry);
    }

    /** Binds the gateway's metrics to {@code registry}; call before any other meter is registered there. */
    public static GatewayMetrics bind(MeterRegistry registry) {
        return new GatewayMetrics(registry);
    }

    /** {@code audit}, counting authentication failures, jumps, sessions and bytes relayed on the way. */
    public AuditLog counting(AuditLog audit) {
        return new CountingAuditLog(audit, registry);
    }

    /** Times each user connection from accept to authenticated: add it to every listening server. */
    public SessionListener loginTimer() {
        return new SessionListener() {
            @Override
            public void sessionCreated(Session session) {
                session.setAttribute(ACCEPTED, Timer.start(registry));
            }

            @Override
            public void sessionEvent(Session session, Event event) {
                if (event == Event.Authenticated) {
                    Timer.Sample accepted = session.removeAttribute(ACCEPTED);
                    if (accepted != null) {
                        accepted.stop(authTimer);
                    }
                }
            }
        };
    }

    /** Runs {@code connect} (a backend link being made) and times it when it succeeds. */
    public <T> CompletableFuture<T> timeBackendLink(Supplier<CompletableFuture<T>> connect) {
        Timer.Sample started = Timer.start(registry);
        return connect.get().whenComplete((link, error) -> {
            if (error == null) {
                started.stop(backendTimer);
            }
        });
    }

    /**
     * The backend connector's shortcuts: {@code jumpgate_backend_links_reused_total},
     * {@code jumpgate_backend_links_lingering}, {@code jumpgate_backend_pool_hits_total},
     * {@code jumpgate_backend_pool_misses_total}, {@code jumpgate_backend_pool_sessions},
     * {@code jumpgate_backend_kem_keys_generated_total}.
     */
    public void watch(BackendConnector connector) {
        FunctionCounter.builder("jumpgate.backend.links.reused", connector, BackendConnector::linksReused)
                .description("backend links a user's next connection took while they lingered (no new login)")
                .register(registry);
        Gauge.builder("jumpgate.backend.links.lingering", connector, BackendConnector::linksLingering)
                .description("backend links lingering now after their connection ended (backendLink.linger)")
                .register(registry);
        FunctionCounter.builder("jumpgate.backend.pool.hits", connector, BackendConnector::poolHits)
                .description("backend logins on a pooled session whose key exchange was done (backendLink.pool)")
                .register(registry);
        FunctionCounter.builder("jumpgate.backend.pool.misses", connector, BackendConnector::poolMisses)
                .description("backend logins that found no pooled session for their login node")
                .register(registry);
        Gauge.builder("jumpgate.backend.pool.sessions", connector, BackendConnector::poolSize)
                .description("pooled sessions ready now (key exchange done, not authenticated), all login nodes")
                .register(registry);
        FunctionCounter.builder("jumpgate.backend.kem.keys.generated", connector, BackendConnector::kemKeysGenerated)
                .description("sntrup761 key pairs generated for key exchanges with login nodes (backendLink.kemKeyReuse)")
                .register(registry);
    }

    /** Per login node gauges and probe latency from {@code balancer}; the job snapshot's age from {@code jobs} if any. */
    public void watch(Balancer balancer, @Nullable JobDirectory jobs) {
        LoginNodes nodes = new LoginNodes(registry, balancer);
        balancer.observeProbes(nodes);
        this.balancer = balancer;
        if (jobs != null) {
            Gauge.builder("jumpgate.jobs.snapshot.age", jobs,
                            j -> j.health().snapshotAge().map(d -> d.toNanos() / 1e9).orElse(Double.NaN))
                    .baseUnit("seconds").description("age of the last good job snapshot; NaN before the first")
                    .register(registry);
            Gauge.builder("jumpgate.jobs.fresh", jobs, j -> j.health().fresh() ? 1 : 0)
                    .description("1 while jumps are decided from a fresh job snapshot, 0 when the scheduler is unreachable")
                    .register(registry);
            Gauge.builder("jumpgate.jobs.running", jobs, j -> j.health().runningJobs())
                    .description("running jobs in the last good snapshot").register(registry);
        }
    }

    private static String version() {
        String v = GatewayMetrics.class.getPackage().getImplementationVersion();
        return v != null ? v : "development";
    }

    @Override
    public void close() {
        Balancer b = balancer;
        if (b != null) {
            b.observeProbes(ProbeObserver.NONE);
        }
        gc.close();
    }
}
