package org.jumpgate.config;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.jumpgate.common.HostPort;
import org.jumpgate.common.Cidr;
import org.jumpgate.common.ConfigException;
import org.jspecify.annotations.Nullable;

/**
 * The {@code compute} section: which names are compute nodes, where they are, which ports a jump
 * may reach, and which address blocks are compute addresses (refused when spelled as raw IPs).
 *
 * @param pattern  glob on the node name, e.g. {@code cn-*}
 * @param domain   suffix users may add ({@code cn-a001.server.example.org} means {@code cn-a001}), or null
 * @param nodes    fixed addresses by node name; others resolve by DNS on port 22
 * @param ports    ports a jump may reach (default 22)
 * @param networks compute address blocks
 */
public record ComputeConfig(String pattern, @Nullable String domain, Map<String, HostPort> nodes, List<Integer> ports,
                            List<Cidr> networks) {

    public static final String DEFAULT_PATTERN = "cn-*";

    public ComputeConfig {
        Objects.requireNonNull(pattern, "compute.pattern");
        nodes = Map.copyOf(nodes);
        ports = List.copyOf(ports);
        networks = List.copyOf(networks);
        List<String> errors = new ArrayList<>();
        if (ports.isEmpty()) {
            errors.add("compute.ports: empty, expected at least one port such as 22");
        }
        for (int p : ports) {
            if (p < 1 || p > 65535) {
                errors.add("compute.ports: " + p + ", expected 1..65535");
            }
        }
        if (!errors.isEmpty()) {
            throw new ConfigException(errors);
        }
    }

    public static ComputeConfig defaults() {
        return new ComputeConfig(DEFAULT_PATTERN, null, Map.of(), List.of(22), List.of());
    }

    /**
     * Where compute node {@code node}'s {@code port} is: its fixed address in {@code nodes} (with
     * {@code port} when that is not 22), else its name, with {@code domain} when there is one.
     */
    public HostPort addressOf(String node, int port) {
        HostPort fixed = nodes.get(node);
        if (fixed != null) {
            return port == 22 ? fixed : new HostPort(fixed.host(), port);
        }
        return new HostPort(domain != null ? node + "." + domain : node, port);
    }
}
