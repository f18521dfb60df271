package org.jumpgate.config;

import java.nio.file.Path;
import java.util.Objects;
import org.jumpgate.common.HostPort;
import org.jspecify.annotations.Nullable;

/**
 * The admin HTTP API ({@code admin:}).
 *
 * @param listen    its address ({@code admin.listen}, loopback by default)
 * @param tokenFile a file holding the bearer token every request but {@code /healthz} and
 *                  {@code /readyz} must carry ({@code admin.tokenFile}, 0600), or {@code null}
 *                  for none; read at start, so a new token needs a restart
 */
public record AdminConfig(HostPort listen, @Nullable Path tokenFile) {

    public AdminConfig {
        Objects.requireNonNull(listen, "admin.listen");
    }
}
