package org.jumpgate.balancer.pool;

import java.time.Clock;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.jumpgate.balancer.Backend;
import org.jumpgate.balancer.BackendConfig;
import org.jumpgate.balancer.BackendSelector;
import org.jumpgate.balancer.BackendState;
import org.jumpgate.balancer.ProbeConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** A pool member: probe results and drain under its lock, session counts in atomics. */
final class DefaultMember implements PoolMember {

    private static final Logger LOG = LoggerFactory.getLogger(DefaultMember.class);

    private final Clock clock;
    private final int rise;
    private final int fall;
    private final AtomicInteger sessions = new AtomicInteger();
    private final AtomicInteger assigned = new AtomicInteger();
    private final AgentState agent = new AgentState();
    private volatile BackendConfig config;
    private Health health;
    private String sshResult = "not probed yet";
    private Instant checkedAt;
    private NodeMetrics metrics;
    private Instant loadAt;
    private String loadResult;
    private boolean loadFailing;
    private boolean drained;
    private BackendState lastState = BackendState.CHECKING;

    DefaultMember(BackendConfig config, int rise, int fall, Clock clock) {
        this.config = config;
        this.rise = rise;
        this.fall = fall;
        this.clock = clock;
        resetProbeState();
    }

    @Override
    public Backend backend() {
        return config.backend();
    }

    @Override
    public ProbeConfig probe() {
        return config.probe();
    }

    /** Takes a new configuration of the same name; a new address or load source forgets old probes. */
    synchronized void reconfigure(BackendConfig next) {
        BackendConfig previous = config;
        config = next;
        if (!previous.backend().address().equals(next.backend().address()) || !previous.probe().equals(next.probe())) {
            resetProbeState();
            logTransition();
        }
    }

    private void resetProbeState() {
        health = new Health(rise, fall);
        sshResult = "not probed yet";
        checkedAt = null;
        metrics = null;
        loadAt = null;
        loadFailing = false;
        loadResult = config.probe().hasMetrics() || config.probe().hasAgent() ? "not probed yet" : null;
        agent.reset();
    }

    @Override
    public synchronized MemberView view() {
        BackendState state = state();
        return new MemberView(config.backend(), config.probe(), state, reason(state), sshResult, loadResult, metrics,
                loadAt, loadFailing, agent.percent(), agent.maxconn(), sessions.get(), assigned.get(), drained,
                checkedAt);
    }

    private BackendState state() {
        if (agent.maint()) {
            return BackendState.MAINT;
        }
        if (health.checking()) {
            return BackendState.CHECKING;
        }
        if (!health.up() || agent.down()) {
            return BackendState.DOWN;
        }
        if (drained || agent.drain() || config.backend().weight() == 0 || agent.percent() == 0) {
            return BackendState.DRAIN;
        }
        return BackendState.UP;
    }

    private String reason(BackendState state) {
        String progress = health.progress();
        String ssh = "ssh: " + sshResult + (progress.isEmpty() ? "" : " (" + progress + ")");
        String load = loadResult == null ? "" : "; load: " + loadResult;
        return switch (state) {
            case MAINT -> "agent said maint; " + ssh + load;
            case DOWN -> (health.up() ? "agent said down; " : "") + ssh + load;
            case DRAIN -> (drained ? "drained by operator; " : "") + (agent.drain() ? "agent said drain; " : "")
                    + (config.backend().weight() == 0 || agent.percent() == 0 ? "weight 0; " : "") + ssh + load;
            case UP, CHECKING -> ssh + load;
        };
    }

    @Override
    public synchronized void sshPassed(String identification) {
        health.passed();
        sshResult = identification;
        probed();
    }

    @Override
    public synchronized void sshFailed(String reason) {
        health.failed();
        sshResult = reason;
        probed();
    }

    private void probed() {
        checkedAt = clock.instant();
        if (!config.probe().hasMetrics() && !config.probe().hasAgent()) {
            assigned.set(0);
        }
        logTransition();
    }

    @Override
    public synchronized void metricsReceived(NodeMetrics sample) {
        metrics = sample;
        loadReceived(String.format(java.util.Locale.ROOT, "load1 %.2f on %d CPUs, memory %.0f%% used",
                sample.load1(), sample.cpus(), sample.memoryPressure() * 100));
    }

    @Override
    public synchronized void agentReplied(AgentReply reply) {
        agent.apply(reply);
        loadReceived("agent: " + reply.summary());
    }

    private void loadReceived(String result) {
        loadAt = clock.instant();
        loadResult = result;
        loadFailing = false;
        assigned.set(0);
        logTransition();
    }

    @Override
    public synchronized void loadFailed(String reason) {
        loadResult = reason;
        loadFailing = true;
    }

    @Override
    public synchronized boolean drain() {
        boolean changed = !drained;
        drained = true;
        logTransition();
        return changed;
    }

    @Override
    public synchronized boolean undrain() {
        boolean changed = drained;
        drained = false;
        logTransition();
        return changed;
    }

    private void logTransition() {
        BackendState now = state();
        if (now != lastState) {
            LOG.info("backend {} ({}) {} -> {}: {}", config.name(), config.backend().address(), lastState, now,
                    reason(now));
            lastState = now;
        }
    }

    @Override
    public void assigned() {
        assigned.incrementAndGet();
    }

    @Override
    public BackendSelector.SessionHandle sessionStarted() {
        sessions.incrementAndGet();
        AtomicBoolean open = new AtomicBoolean(true);
        return () -> {
            if (open.compareAndSet(true, false)) {
                sessions.decrementAndGet();
            }
        };
    }

    int sessions() {
        return sessions.get();
    }
}
