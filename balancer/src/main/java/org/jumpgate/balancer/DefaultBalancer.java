package org.jumpgate.balancer;

import com.github.benmanes.caffeine.cache.Ticker;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jumpgate.balancer.affinity.Affinity;
import org.jumpgate.balancer.pool.BackendPool;
import org.jumpgate.balancer.pool.MemberView;
import org.jumpgate.balancer.pool.PoolMember;
import org.jumpgate.balancer.probe.Prober;
import org.jumpgate.balancer.selection.Scoring;
import org.jumpgate.balancer.selection.Selection;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Wires the pool, the prober, scoring, affinity and selection together. */
final class DefaultBalancer implements Balancer {

    private static final Logger LOG = LoggerFactory.getLogger(DefaultBalancer.class);
    /** A load sample older than this many probe periods counts as unknown. */
    static final int STALE_AFTER_PERIODS = 3;

    private final BalancerSettings settings;
    private final Clock clock;
    private final BackendPool pool;
    private final Scoring scoring;
    private final Selection selection;
    private final Prober prober;
    private final AtomicBoolean closed = new AtomicBoolean();
    private volatile ProbeObserver probeObserver = ProbeObserver.NONE;

    DefaultBalancer(BalancerSettings settings, List<BackendConfig> backends, Clock clock, Ticker ticker,
                    Affinity affinity) {
        this.settings = settings;
        this.clock = clock;
        this.pool = BackendPool.create(settings.rise(), settings.fall(), clock);
        this.pool.reconfigure(backends);
        long period = Math.max(settings.interval().toMillis(), settings.probeTimeout().toMillis());
        this.scoring = Scoring.standard(java.time.Duration.ofMillis(period * STALE_AFTER_PERIODS));
        this.selection = Selection.create(pool, affinity, scoring,
                settings.overloadThreshold(), clock);
        this.prober = Prober.create(pool, settings.interval(), settings.probeTimeout(), clock, ticker,
                (backend, probe, passed, took) -> probeObserver.probed(backend, probe, passed, took));
    }

    @Override
    public List<Backend> pick(String user, String pin) {
        return selection.pick(user, pin);
    }

    @Override
    public SessionHandle sessionStarted(String backend, String user) {
        return selection.sessionStarted(backend, user);
    }

    @Override
    public void start() {
        if (closed.get()) {
            throw new IllegalStateException("balancer is closed");
        }
        prober.start();
    }

    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            prober.close();
        }
    }

    @Override
    public List<BackendStatus> backends() {
        Instant now = clock.instant();
        return pool.members().stream().map(m -> status(m.view(), now)).toList();
    }

    @Override
    public Optional<BackendStatus> backend(String name) {
        Instant now = clock.instant();
        return pool.member(name).map(m -> status(m.view(), now));
    }

    private BackendStatus status(MemberView v, Instant now) {
        OptionalDouble load = scoring.knownLoadPerCpu(v, now);
        boolean metrics = load.isPresent() && v.probe().hasMetrics() && v.metrics() != null;
        Double memory = metrics && v.metrics().memTotalBytes() > 0 ? v.metrics().memoryPressure() : null;
        Integer cpus = metrics ? v.metrics().cpus() : null;
        Double score = v.takesBalanced() ? scoring.score(v, now) : null;
        return new BackendStatus(v.name(), v.backend().address(), v.backend().weight(), v.state(), v.reason(),
                v.drained(), load.isPresent() ? load.getAsDouble() : null, memory, cpus, v.sessions(), v.assigned(), score, v.checkedAt());
    }

    @Override
    public boolean drain(String name) {
        Optional<PoolMember> member = pool.member(name);
        member.ifPresent(m -> {
            if (m.drain()) {
                LOG.info("backend {} drained", name);
            }
        });
        return member.isPresent();
    }

    @Override
    public boolean undrain(String name) {
        Optional<PoolMember> member = pool.member(name);
        member.ifPresent(m -> {
            if (m.undrain()) {
                LOG.info("backend {} undrained", name);
            }
        });
        return member.isPresent();
    }

    @Override
    public void reconfigure(List<BackendConfig> backends) {
        BackendPool.Change change = pool.reconfigure(backends);
        LOG.info("backends reconfigured: added {}, removed {}, kept {}", names(change.added()),
                names(change.removed()), names(change.kept()));
        prober.membersChanged();
    }

    private static List<String> names(List<PoolMember> members) {
        return members.stream().map(PoolMember::name).toList();
    }

    @Override
    public BalancerSettings settings() {
        return settings;
    }

    @Override
    public void observeProbes(ProbeObserver observer) {
        this.probeObserver = java.util.Objects.requireNonNull(observer, "observer");
    }
}
