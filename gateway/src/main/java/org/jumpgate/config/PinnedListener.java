package org.jumpgate.config;

import java.util.Objects;
import org.jumpgate.common.HostPort;
import org.jspecify.annotations.Nullable;

/**
 * An extra address bound to one login node ({@code backend}), so {@code login-2.login.example.org}
 * keeps meaning login-2 when it points at the gateway, or to the CPU-job target ({@code target},
 * {@code cpuJobs.target}), so {@code ssh mila-cpu} lands on the user's CPU job. Exactly one of the two.
 */
public record PinnedListener(HostPort listen, @Nullable String backend, @Nullable String target) {

    public PinnedListener {
        Objects.requireNonNull(listen, "listeners[].listen");
        if ((backend == null) == (target == null)) {
            throw new IllegalArgumentException("listeners: " + listen + (backend == null
                    ? " names neither backend nor target, expected one of them (a login node or cpuJobs.target)"
                    : " names both backend '" + backend + "' and target '" + target + "', expected one of them"));
        }
    }

    /** A listener bound to the login node {@code backend}. */
    public PinnedListener(HostPort listen, String backend) {
        this(listen, backend, null);
    }

    /** True for a listener bound to the CPU-job target. */
    public boolean cpuTarget() {
        return target != null;
    }
}
