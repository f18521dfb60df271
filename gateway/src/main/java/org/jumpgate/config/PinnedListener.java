package org.jumpgate.config;

import java.util.Objects;
import org.jumpgate.common.HostPort;

/**
 * An extra address bound to one login node, so {@code login-2.login.example.org} keeps meaning
 * login-2 when it points at the gateway.
 */
public record PinnedListener(HostPort listen, String backend) {

    public PinnedListener {
        Objects.requireNonNull(listen, "listeners[].listen");
        Objects.requireNonNull(backend, "listeners[].backend");
    }
}
