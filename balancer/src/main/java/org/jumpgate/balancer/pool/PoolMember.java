package org.jumpgate.balancer.pool;

import org.jumpgate.balancer.Backend;
import org.jumpgate.balancer.BackendSelector;
import org.jumpgate.balancer.ProbeConfig;

/**
 * One backend in the pool and everything the balancer knows about it. Thread-safe: probes report
 * from the prober's event loop, operators drain from the admin API, sessions come and go on the
 * gateway's threads.
 */
public interface PoolMember {

    Backend backend();

    ProbeConfig probe();

    default String name() {
        return backend().name();
    }

    /** A consistent copy of the current state. */
    MemberView view();

    /** An SSH probe read this identification line. */
    void sshPassed(String identification);

    /** An SSH probe failed for this reason. */
    void sshFailed(String reason);

    /** node_exporter reported this load. */
    void metricsReceived(NodeMetrics metrics);

    /** The agent replied this. */
    void agentReplied(AgentReply reply);

    /** The load probe failed for this reason: load counts as unknown until a good one. */
    void loadFailed(String reason);

    /** An operator drained it: no new balanced sessions; false when it already was. */
    boolean drain();

    /** An operator undrained it; false when it was not drained. */
    boolean undrain();

    /** A session was picked for it (first candidate), not yet seen by any probe. */
    void assigned();

    /** A live session started there; close the result when it ends (once; more closes ignored). */
    BackendSelector.SessionHandle sessionStarted();
}
