package org.jumpgate.balancer;

import java.util.Objects;

/**
 * A login node as configured: its name (what users and pinned listeners call it), the address of
 * its sshd and its relative weight.
 */
public record Backend(String name, String host, int port, int weight) {

    /** Weight given to a backend whose configuration does not say. */
    public static final int DEFAULT_WEIGHT = 100;

    public Backend {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(host, "host");
        if (name.isBlank()) {
            throw new IllegalArgumentException("backend name: '' is empty, expected a node name such as login-1");
        }
        if (host.isBlank()) {
            throw new IllegalArgumentException("backend " + name + " host: '' is empty, expected a host name or IP");
        }
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("backend " + name + " port: " + port + ", expected 1..65535");
        }
        if (weight < 0 || weight > 1000) {
            throw new IllegalArgumentException("backend " + name + " weight: " + weight + ", expected 0..1000");
        }
    }

    public Backend(String name, String host, int port) {
        this(name, host, port, DEFAULT_WEIGHT);
    }

    /** {@code host:port}, as it appears in logs. */
    public String address() {
        return host.indexOf(':') >= 0 ? "[" + host + "]:" + port : host + ":" + port;
    }
}
