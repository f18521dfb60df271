package org.jumpgate.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.jumpgate.common.Durations;
import org.jumpgate.transport.KemKeys;
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
 *                         one of these; sntrup761 key generation, most of a login's CPU (measured),
 *                         is shared by several logins ({@code kemKeyReuse})
 * @param keepalive        time between two keepalives on a link (as OpenSSH's
 *                         {@code ServerAliveInterval}); zero sends none
 * @param keepaliveCountMax a login node that has answered none of the keepalives of
 *                         {@code keepalive × keepaliveCountMax} is taken as hung: its users'
 *                         connections end with a line saying so
 * @param linger           how long a user's link stays open after their connection ended, for the
 *                         next connection of the same user with the same key policy and pin to take
 *                         instead of logging in again; zero turns lingering off
 * @param pool             login-node sessions kept key-exchanged and unauthenticated per login node,
 *                         for new links to take and only authenticate
 * @param kemKeyReuse      how many sntrup761 key exchanges with login nodes one client key pair
 *                         serves, and for how long
 */
public record BackendLinkConfig(Duration connectTimeout, Duration certValidity, Path knownHosts, String hostKeyCheck,
                                List<String> kex, Duration keepalive, int keepaliveCountMax, Duration linger,
                                Pool pool, KemKeyReuse kemKeyReuse) {

    public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(5);
    public static final Duration DEFAULT_CERT_VALIDITY = Duration.ofMinutes(5);
    public static final Duration DEFAULT_KEEPALIVE = Duration.ofSeconds(10);
    public static final int DEFAULT_KEEPALIVE_COUNT_MAX = 3;
    /** Keepalives closer than this would be traffic for nothing; farther than this notice nothing. */
    static final Duration MIN_KEEPALIVE = Duration.ofSeconds(1);
    static final Duration MAX_KEEPALIVE = Duration.ofMinutes(10);
    static final int MAX_KEEPALIVE_COUNT = 100;
    public static final Duration DEFAULT_LINGER = Duration.ofSeconds(30);
    /** A link lingering longer than this holds a login for nothing most of the time. */
    static final Duration MAX_LINGER = Duration.ofHours(1);

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
        Objects.requireNonNull(linger, "backendLink.linger");
        Objects.requireNonNull(pool, "backendLink.pool");
        Objects.requireNonNull(kemKeyReuse, "backendLink.kemKeyReuse");
        if (linger.isNegative() || linger.compareTo(MAX_LINGER) > 0) {
            errors.add("backendLink.linger: " + Durations.show(linger) + ", expected 0s (off).." + Durations.show(MAX_LINGER));
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

    /** Whether links linger after their connection ({@code linger} above zero). */
    public boolean lingers() {
        return !linger.isZero();
    }

    /** How long a login node may answer no keepalive before it counts as hung; zero when none are sent. */
    public Duration hungAfter() {
        return keepalive.multipliedBy(keepaliveCountMax);
    }

    /**
     * {@code backendLink.pool}: per login node taking sessions, {@code size} client sessions whose key
     * exchange is done and that are not authenticated yet; a new link takes one and only
     * authenticates. Each is replaced once {@code maxAge} old, which must stay below the login
     * nodes' sshd {@code LoginGraceTime} (120s by default). They count in sshd's
     * {@code MaxStartups} (10:30:100 by default) as unauthenticated connections: keep size small.
     *
     * @param size   sessions kept per login node; zero turns the pool off
     * @param maxAge age at which a pooled session is closed and replaced
     */
    public record Pool(int size, Duration maxAge) {

        public static final Duration DEFAULT_MAX_AGE = Duration.ofSeconds(60);
        /** Within sshd's MaxStartups default start (10) with room for real logins. */
        static final int MAX_SIZE = 5;
        static final Duration MIN_AGE = Duration.ofSeconds(5);
        /** Below sshd's default LoginGraceTime (120s) with room for the login itself. */
        static final Duration MAX_AGE = Duration.ofSeconds(100);
        /** No pool (declared after the bounds its check reads). */
        public static final Pool OFF = new Pool(0, DEFAULT_MAX_AGE);

        public Pool {
            Objects.requireNonNull(maxAge, "backendLink.pool.maxAge");
            List<String> errors = new ArrayList<>();
            if (size < 0 || size > MAX_SIZE) {
                errors.add("backendLink.pool.size: " + size + ", expected 0 (off).." + MAX_SIZE);
            }
            if (maxAge.compareTo(MIN_AGE) < 0 || maxAge.compareTo(MAX_AGE) > 0) {
                errors.add("backendLink.pool.maxAge: " + Durations.show(maxAge) + ", expected "
                        + Durations.show(MIN_AGE) + ".." + Durations.show(MAX_AGE)
                        + " (below the login nodes' sshd LoginGraceTime)");
            }
            if (!errors.isEmpty()) {
                throw new ConfigException(errors);
            }
        }

        public boolean on() {
            return size > 0;
        }
    }

    /**
     * {@code backendLink.kemKeyReuse}: the gateway's sntrup761 key pair (the post-quantum half of
     * {@code sntrup761x25519-sha512}, what OpenSSH before 9.9 negotiates) serves up to {@code uses}
     * key exchanges with login nodes, and is never used once {@code maxAge} old. The x25519 half is
     * fresh for every exchange. {@code uses: 1} generates a pair for each exchange, as OpenSSH does.
     *
     * @param uses   key exchanges per key pair, 1 (a fresh pair each time) to {@link KemKeys#MAX_USES}
     * @param maxAge how long a key pair may serve at most
     */
    public record KemKeyReuse(int uses, Duration maxAge) {

        public static final int DEFAULT_USES = 16;
        public static final Duration DEFAULT_MAX_AGE = Duration.ofSeconds(60);
        static final Duration MIN_AGE = Duration.ofSeconds(1);
        /** The post-quantum half's forward secrecy is given up for at most this long. */
        static final Duration MAX_AGE = Duration.ofMinutes(10);
        public static final KemKeyReuse DEFAULT = new KemKeyReuse(DEFAULT_USES, DEFAULT_MAX_AGE);

        public KemKeyReuse {
            Objects.requireNonNull(maxAge, "backendLink.kemKeyReuse.maxAge");
            List<String> errors = new ArrayList<>();
            if (uses < 1 || uses > KemKeys.MAX_USES) {
                errors.add("backendLink.kemKeyReuse.uses: " + uses + ", expected 1 (a fresh key pair each time).."
                        + KemKeys.MAX_USES);
            }
            if (maxAge.compareTo(MIN_AGE) < 0 || maxAge.compareTo(MAX_AGE) > 0) {
                errors.add("backendLink.kemKeyReuse.maxAge: " + Durations.show(maxAge) + ", expected "
                        + Durations.show(MIN_AGE) + ".." + Durations.show(MAX_AGE));
            }
            if (!errors.isEmpty()) {
                throw new ConfigException(errors);
            }
        }
    }
}
