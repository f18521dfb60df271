package org.jumpgate.balancer;

import java.util.Objects;

/** One configured login node: where its sshd is, its weight, and where its load comes from. */
public record BackendConfig(Backend backend, ProbeConfig probe) {

    public BackendConfig {
        Objects.requireNonNull(backend, "backend");
        probe = probe == null ? ProbeConfig.none() : probe;
    }

    public BackendConfig(Backend backend) {
        this(backend, ProbeConfig.none());
    }

    public String name() {
        return backend.name();
    }
}
