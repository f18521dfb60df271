package org.jumpgate.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.jumpgate.common.Durations;
import org.jumpgate.transport.Transport;
import org.jumpgate.common.ConfigException;

/**
 * How the gateway logs in to login nodes.
 *
 * @param connectTimeout   TCP connect plus SSH handshake and certificate auth, per candidate
 * @param certValidity     validity of each ephemeral user certificate (it is only used to log in)
 * @param knownHosts       the login nodes' host keys, OpenSSH known_hosts format
 * @param hostKeyCheck     {@code accept-new} (learn a new node's key once, refuse a changed key) or
 *                         {@code strict} (only keys already in {@code knownHosts})
 * @param kex              key exchange algorithms offered to login nodes, in order; empty for the
 *                         default (post-quantum: the ML-KEM hybrid, then sntrup761). Each login costs
 *                         one of these: sntrup761 key generation is most of a login's CPU (measured)
 * @param keepalive        time between two keepalives on a link (as OpenSSH's
 *                         {@code ServerAliveInterval}); zero sends none
 * @param keepaliveCountMax a login node that has answered none of the keepalives of
 *                         {@code keepalive × keepaliveCountMax} is taken as hung: its users'
 *                         connections end with a line saying so
 */
public record BackendLinkConfig(Duration connectTimeout, Duration certValidity, Path knownHosts, String hostKeyCheck,
                                List<String> kex, Duration keepalive, int keepaliveCountMax) {

    public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(5);
    public static final Duration DEFAULT_CERT_VALIDITY = Duration.ofMinutes(5);
    public static final Duration DEFAULT_KEEPALIVE = Duration.ofSeconds(10);
    public static final int DEFAULT_KEEPALIVE_COUNT_MAX = 3;
    /** Keepalives closer than this would be traffic for nothing; farther than this notice nothing. */
    static final Duration MIN_KEEPALIVE = Duration.ofSeconds(1);
    static final Duration MAX_KEEPALIVE = Duration.ofMinutes(10);
    static final int MAX_KEEPALIVE_COUNT = 100;

    public BackendLinkConfig {
        Objects.requireNonNull(knownHosts, "backendLink.knownHosts");
        kex = List.copyOf(kex);
        List<String> errors = new ArrayList<>();
        for (String k : kex) {
            if (Transport.keyExchange(k).isEmpty()) {
                errors.add("backendLink.kex: '" + k + "' is not a supported key exchange, "
                        + "expected e.g. sntrup761x25519-sha512@openssh.com, mlkem768x25519-sha256, curve25519-sha256");
            }
        }
        if (connectTimeout.isNegative() || connectTimeout.isZero()) {
            errors.add("backendLink.connectTimeout: " + Durations.show(connectTimeout) + ", expected > 0");
        }
        if (certValidity.compareTo(Duration.ofSeconds(30)) < 0 || certValidity.compareTo(Duration.ofHours(1)) > 0) {
            errors.add("backendLink.certValidity: " + Durations.show(certValidity) + ", expected 30s..1h");
        }
        Objects.requireNonNull(keepalive, "backendLink.keepalive");
        if (!keepalive.isZero() && (keepalive.compareTo(MIN_KEEPALIVE) < 0 || keepalive.compareTo(MAX_KEEPALIVE) > 0)) {
            errors.add("backendLink.keepalive: " + Durations.show(keepalive) + ", expected 0s (none) or "
                    + Durations.show(MIN_KEEPALIVE) + ".." + Durations.show(MAX_KEEPALIVE));
        }
        if (keepaliveCountMax < 1 || keepaliveCountMax > MAX_KEEPALIVE_COUNT) {
            errors.add("backendLink.keepaliveCountMax: " + keepaliveCountMax + ", expected 1.." + MAX_KEEPALIVE_COUNT);
        }
        if (!hostKeyCheck.equals("accept-new") && !hostKeyCheck.equals("strict")) {
            errors.add("backendLink.hostKeyCheck: '" + hostKeyCheck + "', expected accept-new or strict");
        }
        if (!errors.isEmpty()) {
            throw new ConfigException(errors);
        }
    }

    public boolean strict() {
        return hostKeyCheck.equals("strict");
    }

    /** How long a login node may answer no keepalive before it counts as hung; zero when none are sent. */
    public Duration hungAfter() {
        return keepalive.multipliedBy(keepaliveCountMax);
    }
}
