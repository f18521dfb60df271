package org.jumpgate.balancer;

import java.time.Duration;

/**
 * Told of every probe's end, for metrics: which login node, which probe, whether it passed and
 * how long it took. Called on the prober's event loop: keep it short, never block; what it throws
 * is logged and ignored.
 */
@FunctionalInterface
public interface ProbeObserver {

    /** Observes nothing. */
    ProbeObserver NONE = (backend, probe, passed, took) -> { };

    /** The two probes of a login node. */
    enum Probe {
        /** The SSH identification probe of its sshd. */
        SSH,
        /** The load probe: node_exporter {@code /metrics} or the HAProxy agent. */
        LOAD
    }

    void probed(String backend, Probe probe, boolean passed, Duration took);
}
