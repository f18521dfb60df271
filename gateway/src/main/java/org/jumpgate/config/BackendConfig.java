package org.jumpgate.config;

import java.util.Objects;
import org.jumpgate.balancer.Backend;

/**
 * One login node of {@code backends}: where its sshd is and, optionally, where its load comes
 * from ({@code probe.metrics}: node_exporter URL, or {@code probe.agent}: HAProxy agent-check).
 */
public record BackendConfig(Backend backend, String metricsUrl, HostPort agent) {

    public BackendConfig {
        Objects.requireNonNull(backend, "backend");
        if (metricsUrl != null && agent != null) {
            throw new IllegalArgumentException("backends[" + backend.name()
                    + "].probe: both metrics and agent are set, expected one of them");
        }
    }

    public String name() {
        return backend.name();
    }
}
