package org.jumpgate.limits;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.jumpgate.common.Cidr;
import org.jumpgate.common.ConfigException;

/**
 * The {@code limits:} section, with OpenSSH's names and (where it has them) defaults.
 *
 * @param maxStartups          unauthenticated connections: random early drop from {@code begin}, all refused at {@code full}
 * @param perSourceMaxStartups unauthenticated connections one source address block may hold
 * @param perSourceNetBlock    how sources are grouped into blocks ({@code perSourceNetBlockSize}, {@code "32:128"})
 * @param loginGraceTime       how long a connection may stay unauthenticated, from accept
 * @param maxAuthTries         failed authentication attempts allowed on one connection
 * @param backlog              the listening sockets' accept queue length
 * @param penalties            {@code perSourcePenalties}
 */
public record LimitsConfig(MaxStartups maxStartups, int perSourceMaxStartups, NetBlock perSourceNetBlock,
                           Duration loginGraceTime, int maxAuthTries, int backlog, PenaltyConfig penalties) {

    public static final int DEFAULT_PER_SOURCE_MAX_STARTUPS = 10;
    public static final Duration DEFAULT_LOGIN_GRACE_TIME = Duration.ofSeconds(30);
    public static final int DEFAULT_MAX_AUTH_TRIES = 6;
    public static final int DEFAULT_BACKLOG = 1024;
    /** Larger accept queues are refused: the kernel caps them anyway ({@code net.core.somaxconn}). */
    public static final int MAX_BACKLOG = 65535;

    /** Every default. */
    public static final LimitsConfig DEFAULTS = new LimitsConfig(MaxStartups.DEFAULT, DEFAULT_PER_SOURCE_MAX_STARTUPS,
            NetBlock.DEFAULT, DEFAULT_LOGIN_GRACE_TIME, DEFAULT_MAX_AUTH_TRIES, DEFAULT_BACKLOG, PenaltyConfig.DEFAULT);

    public LimitsConfig {
        Objects.requireNonNull(maxStartups, "limits.maxStartups");
        Objects.requireNonNull(perSourceNetBlock, "limits.perSourceNetBlockSize");
        Objects.requireNonNull(loginGraceTime, "limits.loginGraceTime");
        Objects.requireNonNull(penalties, "limits.perSourcePenalties");
        List<String> errors = new ArrayList<>();
        if (perSourceMaxStartups < 1) {
            errors.add("limits.perSourceMaxStartups: " + perSourceMaxStartups + ", expected at least 1");
        }
        if (loginGraceTime.isNegative() || loginGraceTime.isZero()) {
            errors.add("limits.loginGraceTime: " + loginGraceTime + ", expected a positive duration such as 30s");
        }
        if (maxAuthTries < 1) {
            errors.add("limits.maxAuthTries: " + maxAuthTries + ", expected at least 1");
        }
        if (backlog < 1 || backlog > MAX_BACKLOG) {
            errors.add("limits.backlog: " + backlog + ", expected 1.." + MAX_BACKLOG);
        }
        if (!errors.isEmpty()) {
            throw new ConfigException(errors);
        }
    }

    /** The same limits with another grace time (tests shorten it). */
    public LimitsConfig withLoginGraceTime(Duration grace) {
        return new LimitsConfig(maxStartups, perSourceMaxStartups, perSourceNetBlock, grace, maxAuthTries, backlog,
                penalties);
    }

    /**
     * {@code MaxStartups begin:rate:full}: below {@code begin} unauthenticated connections every new
     * one is accepted; from {@code begin} one is dropped with probability {@code rate}%, rising
     * linearly to 100% at {@code full}.
     */
    public record MaxStartups(int begin, int rate, int full) {

        public static final MaxStartups DEFAULT = new MaxStartups(10, 30, 100);

        public MaxStartups {
            if (begin < 1 || full < begin || rate < 0 || rate > 100) {
                throw new IllegalArgumentException("'" + begin + ":" + rate + ":" + full
                        + "' is not begin:rate:full, expected 1 <= begin <= full and 0 <= rate <= 100, e.g. 10:30:100");
            }
        }

        /** {@code "10:30:100"}, or a single number {@code "N"} (= {@code N:100:N}, as OpenSSH reads it). */
        public static MaxStartups parse(String text) {
            String[] p = text.strip().split(":", -1);
            try {
                if (p.length == 1) {
                    int n = Integer.parseInt(p[0]);
                    return new MaxStartups(n, 100, n);
                }
                if (p.length == 3) {
                    return new MaxStartups(Integer.parseInt(p[0]), Integer.parseInt(p[1]), Integer.parseInt(p[2]));
                }
            } catch (NumberFormatException e) {
                // below
            }
            throw new IllegalArgumentException("'" + text + "' is not begin:rate:full, expected e.g. 10:30:100");
        }

        @Override
        public String toString() {
            return begin + ":" + rate + ":" + full;
        }
    }

    /** {@code PerSourceNetBlockSize v4:v6}: how many leading bits of a source address name its block. */
    public record NetBlock(int v4Bits, int v6Bits) {

        public static final NetBlock DEFAULT = new NetBlock(32, 128);

        public NetBlock {
            if (v4Bits < 0 || v4Bits > 32 || v6Bits < 0 || v6Bits > 128) {
                throw new IllegalArgumentException("'" + v4Bits + ":" + v6Bits
                        + "' is not v4:v6 prefix lengths, expected 0..32 and 0..128, e.g. 32:128");
            }
        }

        /** {@code "32:128"} or {@code "24"} (IPv6 stays 128). */
        public static NetBlock parse(String text) {
            String[] p = text.strip().split(":", -1);
            try {
                if (p.length == 1) {
                    return new NetBlock(Integer.parseInt(p[0]), 128);
                }
                if (p.length == 2) {
                    return new NetBlock(Integer.parseInt(p[0]), Integer.parseInt(p[1]));
                }
            } catch (NumberFormatException e) {
                // below
            }
            throw new IllegalArgumentException("'" + text + "' is not v4:v6 prefix lengths, expected e.g. 32:128");
        }

        @Override
        public String toString() {
            return v4Bits + ":" + v6Bits;
        }
    }

    /**
     * {@code PerSourcePenalties} as in OpenSSH 9.8: each kind of bad ending adds its time to the
     * source's penalty, capped at {@code max}; the source is refused at accept once more than
     * {@code min} is outstanding, until it has run out. {@code exempt} sources are never penalised.
     */
    public record PenaltyConfig(Duration authfail, Duration noauth, Duration graceExceeded, Duration max, Duration min,
                                List<Cidr> exempt) {

        public static final PenaltyConfig DEFAULT = new PenaltyConfig(Duration.ofSeconds(5), Duration.ofSeconds(1),
                Duration.ofSeconds(10), Duration.ofMinutes(10), Duration.ofSeconds(15), List.of());

        public PenaltyConfig {
            exempt = List.copyOf(exempt);
            List<String> errors = new ArrayList<>();
            check(errors, "authfail", authfail);
            check(errors, "noauth", noauth);
            check(errors, "graceExceeded", graceExceeded);
            check(errors, "max", max);
            check(errors, "min", min);
            if (errors.isEmpty() && min.compareTo(max) > 0) {
                errors.add("limits.perSourcePenalties.min: " + min + " is longer than max " + max
                        + ", expected min <= max");
            }
            if (!errors.isEmpty()) {
                throw new ConfigException(errors);
            }
        }

        private static void check(List<String> errors, String key, Duration d) {
            if (d == null || d.isNegative()) {
                errors.add("limits.perSourcePenalties." + key + ": " + d + ", expected a duration >= 0s");
            }
        }

        /** The time one ending of {@code kind} adds. */
        public Duration of(Penalty kind) {
            return switch (kind) {
                case AUTHFAIL -> authfail;
                case NOAUTH -> noauth;
                case GRACE_EXCEEDED -> graceExceeded;
            };
        }
    }
}
