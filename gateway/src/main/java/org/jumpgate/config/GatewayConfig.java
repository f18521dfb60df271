package org.jumpgate.config;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * The whole gateway configuration, validated.
 *
 * @param listen      where users connect (default {@code 0.0.0.0:2222})
 * @param dataDir     host keys and the CA key live here, made if missing
 * @param auth        user authentication
 * @param backends    the login nodes, in configuration order
 * @param backendLink how the gateway logs in to them
 * @param auditLog    JSON-lines audit file, or {@code null} for the {@code jumpgate.audit} logger only
 * @param sections    the raw sections other parts of the gateway read (balancer, listeners,
 *                    compute, jobs, admin), keyed by name
 */
public record GatewayConfig(HostPort listen, Path dataDir, AuthConfig auth, List<BackendConfig> backends,
                            BackendLinkConfig backendLink, Path auditLog, Map<String, JsonNode> sections) {

    public static final String DEFAULT_LISTEN = "0.0.0.0:2222";

    public GatewayConfig {
        Objects.requireNonNull(listen, "listen");
        Objects.requireNonNull(dataDir, "dataDir");
        Objects.requireNonNull(auth, "auth");
        Objects.requireNonNull(backendLink, "backendLink");
        backends = List.copyOf(backends);
        sections = Map.copyOf(sections);
        if (backends.isEmpty()) {
            throw new IllegalArgumentException("backends: empty, expected at least one login node");
        }
        Set<String> names = new HashSet<>();
        for (BackendConfig b : backends) {
            if (!names.add(b.name())) {
                throw new IllegalArgumentException("backends: name '" + b.name() + "' appears twice, expected unique names");
            }
        }
    }

    public List<org.jumpgate.balancer.Backend> backendList() {
        return backends.stream().map(BackendConfig::backend).toList();
    }

    public Path hostKeyDir() {
        return dataDir;
    }
}
