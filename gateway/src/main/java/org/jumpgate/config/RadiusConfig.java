package org.jumpgate.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.jumpgate.common.ConfigException;
import org.jumpgate.common.HostPort;

/**
 * {@code auth.radius}: the site's MFA, asked over RADIUS (PAP, Message-Authenticator set).
 *
 * @param servers       tried in order, {@code host:1812}
 * @param secretFile    the shared secret, one line, mode 0600
 * @param timeout       how long one Access-Request waits for its answer
 * @param retries       how many more times a server is asked before the next one
 * @param nasIdentifier the NAS-Identifier sent (default: the gateway's host name)
 */
public record RadiusConfig(List<HostPort> servers, Path secretFile, Duration timeout, int retries,
                           String nasIdentifier) {

    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(5);
    public static final int DEFAULT_RETRIES = 2;
    public static final int DEFAULT_PORT = 1812;
    /** More retries than this per server would keep a user waiting minutes for an unreachable MFA. */
    public static final int MAX_RETRIES = 10;

    public RadiusConfig {
        servers = List.copyOf(servers);
        Objects.requireNonNull(secretFile, "auth.radius.secretFile");
        Objects.requireNonNull(timeout, "auth.radius.timeout");
        Objects.requireNonNull(nasIdentifier, "auth.radius.nasIdentifier");
        List<String> errors = new ArrayList<>();
        if (servers.isEmpty()) {
            errors.add("auth.radius.servers: empty, expected at least one host:port such as mfa1:1812");
        }
        if (timeout.isNegative() || timeout.isZero()) {
            errors.add("auth.radius.timeout: " + timeout + ", expected > 0");
        }
        if (retries < 0 || retries > MAX_RETRIES) {
            errors.add("auth.radius.retries: " + retries + ", expected 0.." + MAX_RETRIES);
        }
        if (nasIdentifier.isBlank()) {
            errors.add("auth.radius.nasIdentifier: empty, expected a name such as the gateway's host name");
        }
        if (!errors.isEmpty()) {
            throw new ConfigException(errors);
        }
    }
}
