package org.jumpgate.balancer;

import java.time.Duration;
import java.util.Objects;

/**
 * The {@code balancer:} section of the configuration.
 *
 * @param interval          time between two probes of one backend ({@code balancer.interval})
 * @param probeTimeout      bound on one probe, connect and reply ({@code balancer.probeTimeout})
 * @param rise              passing SSH probes in a row that bring a DOWN backend UP
 * @param fall              failing SSH probes in a row that bring an UP backend DOWN
 * @param affinityTtl       how long after a user's last session start or end the user goes back to
 *                          that node; zero turns affinity off
 * @param overloadThreshold load per CPU (node_load1 / CPUs; for agents, 1 - percent/100) above which
 *                          a user's affinity node is no longer preferred
 */
public record BalancerSettings(Duration interval, Duration probeTimeout, int rise, int fall, Duration affinityTtl,
                               double overloadThreshold) {

    public static final Duration DEFAULT_INTERVAL = Duration.ofSeconds(1);
    public static final Duration DEFAULT_PROBE_TIMEOUT = Duration.ofSeconds(1);
    public static final int DEFAULT_RISE = 2;
    public static final int DEFAULT_FALL = 2;
    public static final Duration DEFAULT_AFFINITY_TTL = Duration.ofHours(12);
    public static final double DEFAULT_OVERLOAD_THRESHOLD = 1.5;

    private static final Duration MIN_INTERVAL = Duration.ofMillis(50);
    private static final Duration MAX_INTERVAL = Duration.ofHours(1);
    private static final Duration MIN_TIMEOUT = Duration.ofMillis(10);
    private static final Duration MAX_TIMEOUT = Duration.ofMinutes(1);
    private static final Duration MAX_AFFINITY_TTL = Duration.ofDays(30);
    private static final int MAX_COUNT = 100;

    public BalancerSettings {
        Objects.requireNonNull(interval, "balancer.interval");
        Objects.requireNonNull(probeTimeout, "balancer.probeTimeout");
        Objects.requireNonNull(affinityTtl, "balancer.affinityTtl");
        between("balancer.interval", interval, MIN_INTERVAL, MAX_INTERVAL);
        between("balancer.probeTimeout", probeTimeout, MIN_TIMEOUT, MAX_TIMEOUT);
        between("balancer.affinityTtl", affinityTtl, Duration.ZERO, MAX_AFFINITY_TTL);
        count("balancer.rise", rise);
        count("balancer.fall", fall);
        if (!(overloadThreshold > 0) || Double.isInfinite(overloadThreshold)) {
            throw new IllegalArgumentException("balancer.overloadThreshold: " + overloadThreshold
                    + ", expected a load per CPU greater than 0, such as 1.5");
        }
    }

    /** interval 1s, probeTimeout 1s, rise 2, fall 2, affinityTtl 12h, overloadThreshold 1.5. */
    public static BalancerSettings defaults() {
        return new BalancerSettings(DEFAULT_INTERVAL, DEFAULT_PROBE_TIMEOUT, DEFAULT_RISE, DEFAULT_FALL,
                DEFAULT_AFFINITY_TTL, DEFAULT_OVERLOAD_THRESHOLD);
    }

    public BalancerSettings withInterval(Duration value) {
        return new BalancerSettings(value, probeTimeout, rise, fall, affinityTtl, overloadThreshold);
    }

    public BalancerSettings withProbeTimeout(Duration value) {
        return new BalancerSettings(interval, value, rise, fall, affinityTtl, overloadThreshold);
    }

    public BalancerSettings withRiseFall(int newRise, int newFall) {
        return new BalancerSettings(interval, probeTimeout, newRise, newFall, affinityTtl, overloadThreshold);
    }

    public BalancerSettings withAffinityTtl(Duration value) {
        return new BalancerSettings(interval, probeTimeout, rise, fall, value, overloadThreshold);
    }

    public BalancerSettings withOverloadThreshold(double value) {
        return new BalancerSettings(interval, probeTimeout, rise, fall, affinityTtl, value);
    }

    private static void between(String key, Duration value, Duration min, Duration max) {
        if (value.compareTo(min) < 0 || value.compareTo(max) > 0) {
            throw new IllegalArgumentException(key + ": " + format(value) + ", expected a duration from "
                    + format(min) + " to " + format(max));
        }
    }

    private static void count(String key, int value) {
        if (value < 1 || value > MAX_COUNT) {
            throw new IllegalArgumentException(key + ": " + value + ", expected a whole number from 1 to " + MAX_COUNT);
        }
    }

    private static String format(Duration d) {
        if (d.isNegative()) {
            return "-" + format(d.negated());
        }
        if (d.toMillis() % 1000 != 0 || d.isZero()) {
            return d.toMillis() + "ms";
        }
        long s = d.toSeconds();
        if (s % 3600 == 0) {
            return s / 3600 + "h";
        }
        return s % 60 == 0 ? s / 60 + "m" : s + "s";
    }
}
