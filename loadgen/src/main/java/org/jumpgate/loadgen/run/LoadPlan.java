package org.jumpgate.loadgen.run;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.jumpgate.config.HostPort;
import org.jumpgate.transport.Transport;

/**
 * What a run does and its bounds. Every run is bounded: it stops starting work after
 * {@code duration} or {@code maxCount} operations, whichever first, and ends at {@code hardLimit}
 * at the latest, aborting whatever still runs.
 *
 * <p>An operation is a login ({@code login}), a probe answered ({@code interactive},
 * {@code jump}; for {@code jump} opening a channel and its first byte is one too) or a transfer
 * ({@code bulk}). Concurrency is logins in flight ({@code login}) or sessions held (the others).
 *
 * @param scenario    what each simulated user does
 * @param concurrency logins in flight, or sessions held, at full load
 * @param ramp        time to reach {@code concurrency} linearly from 1 ({@link Duration#ZERO}: at once)
 * @param rate        starts per second at most (logins or session opens); 0 means no limit
 * @param duration    stop starting work after this
 * @param maxCount    stop after this many operations; 0 means no limit (duration still bounds)
 * @param hardLimit   the run ends by then whatever happens
 * @param timeout     one operation (a login, a probe, a transfer) fails after this
 * @param interval    time between probes in a held session ({@code interactive}, {@code jump})
 * @param jumpTarget  {@code host:port} the gateway opens direct-tcpip channels to ({@code jump} only)
 * @param channels    jump channels each session holds ({@code jump} only; several on one connection, as
 *                    with ControlMaster or an editor's forwards)
 * @param bulkBytes   bytes per transfer ({@code bulk})
 * @param bulkCommand the command that swallows a transfer ({@code bulk})
 * @param totpWait    wait for a fresh one-time-code step instead of counting {@code totp-step-used}
 * @param kex         key exchange algorithms offered, in order; empty for the gateway's own offer
 *                    (post-quantum first). A generator on the target's machine may choose
 *                    {@code curve25519-sha256} so that its own sntrup761 key generation does not
 *                    take the CPU the target is measured on
 */
public record LoadPlan(Scenario scenario, int concurrency, Duration ramp, double rate, Duration duration,
                       long maxCount, Duration hardLimit, Duration timeout, Duration interval, HostPort jumpTarget,
                       int channels, long bulkBytes, String bulkCommand, boolean totpWait, List<String> kex) {

    public static final int MAX_CONCURRENCY = 20_000;
    public static final int MAX_CHANNELS = 100;
    public static final double MAX_RATE = 10_000;
    public static final Duration MAX_DURATION = Duration.ofHours(4);
    /** The hard limit may exceed the duration by at most this. */
    public static final Duration MAX_OVERRUN = Duration.ofMinutes(10);
    public static final Duration MIN_INTERVAL = Duration.ofMillis(10);
    public static final Duration MAX_TIMEOUT = Duration.ofMinutes(10);
    public static final long MAX_BULK_BYTES = 64L << 30;
    public static final long MIB = 1L << 20;

    public static final Duration DEFAULT_DURATION = Duration.ofSeconds(30);
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(30);
    public static final Duration DEFAULT_INTERVAL = Duration.ofSeconds(3);
    /** Hard limit when none is given: duration plus the timeout plus this, for closing. */
    public static final Duration DEFAULT_CLOSE_GRACE = Duration.ofSeconds(5);
    public static final long DEFAULT_BULK_BYTES = 16 * MIB;
    public static final String DEFAULT_BULK_COMMAND = "cat > /dev/null";

    public LoadPlan {
        kex = List.copyOf(kex);
        List<String> problems = problems(scenario, concurrency, ramp, rate, duration, maxCount, hardLimit, timeout,
                interval, jumpTarget, bulkBytes, bulkCommand);
        if (channels < 1 || channels > MAX_CHANNELS) {
            problems.add("channels " + channels + " per session is out of range, expected 1.." + MAX_CHANNELS);
        } else if (channels > 1 && scenario != Scenario.JUMP) {
            problems.add("several channels per session are only held by the jump scenario, not " + scenario);
        }
        for (String k : kex) {
            if (Transport.keyExchange(k).isEmpty()) {
                problems.add("key exchange '" + k + "' is not supported, expected e.g. curve25519-sha256,"
                        + " sntrup761x25519-sha512@openssh.com, mlkem768x25519-sha256");
            }
        }
        if (!problems.isEmpty()) {
            throw new InvalidPlanException(problems);
        }
    }

    public static Builder builder(Scenario scenario) {
        return new Builder(scenario);
    }

    /** True when the run counts operations toward a limit. */
    public boolean counted() {
        return maxCount > 0;
    }

    private static List<String> problems(Scenario scenario, int concurrency, Duration ramp, double rate,
                                         Duration duration, long maxCount, Duration hardLimit, Duration timeout,
                                         Duration interval, HostPort jumpTarget, long bulkBytes, String bulkCommand) {
        List<String> p = new ArrayList<>();
        if (scenario == null) {
            p.add("scenario is missing, expected login, interactive, jump or bulk");
        }
        if (concurrency < 1 || concurrency > MAX_CONCURRENCY) {
            p.add("concurrency " + concurrency + " is out of range, expected 1.." + MAX_CONCURRENCY);
        }
        if (!(rate >= 0 && rate <= MAX_RATE)) {
            p.add("rate " + rate + "/s is out of range, expected 0 (no limit) .. " + (long) MAX_RATE + "/s");
        }
        if (maxCount < 0) {
            p.add("max count " + maxCount + " is negative, expected 0 (no limit) or more");
        }
        positive(p, "duration", duration, MAX_DURATION);
        positive(p, "timeout", timeout, MAX_TIMEOUT);
        if (ramp == null || ramp.isNegative()) {
            p.add("ramp " + ramp + " is negative or missing, expected 0s or more");
        } else if (duration != null && ramp.compareTo(duration) > 0) {
            p.add("ramp " + text(ramp) + " is longer than the duration " + text(duration));
        }
        if (hardLimit == null) {
            p.add("hard limit is missing");
        } else if (duration != null && (hardLimit.compareTo(duration) < 0
                || hardLimit.compareTo(duration.plus(MAX_OVERRUN)) > 0)) {
            p.add("hard limit " + text(hardLimit) + " is out of range, expected between the duration " + text(duration)
                    + " and " + text(MAX_OVERRUN) + " more");
        }
        if (interval == null || interval.compareTo(MIN_INTERVAL) < 0) {
            p.add("interval " + (interval == null ? "missing" : text(interval)) + " is too short, expected at least "
                    + text(MIN_INTERVAL));
        }
        if (scenario == Scenario.JUMP && jumpTarget == null) {
            p.add("the jump scenario needs a jump target (host:port the gateway connects to, e.g. cn-a001:22)");
        }
        if (scenario != Scenario.JUMP && jumpTarget != null) {
            p.add("a jump target is only used by the jump scenario, not " + scenario);
        }
        if (bulkBytes < 1 || bulkBytes > MAX_BULK_BYTES) {
            p.add("bulk size " + bulkBytes + " bytes is out of range, expected 1.." + MAX_BULK_BYTES / MIB + " MiB");
        }
        if (bulkCommand == null || bulkCommand.isBlank()) {
            p.add("bulk command is empty, expected e.g. '" + DEFAULT_BULK_COMMAND + "'");
        }
        return p;
    }

    private static void positive(List<String> p, String name, Duration d, Duration max) {
        if (d == null || d.isZero() || d.isNegative() || d.compareTo(max) > 0) {
            p.add(name + " " + (d == null ? "missing" : text(d)) + " is out of range, expected more than 0 and at most "
                    + text(max));
        }
    }

    /** A duration as operators write it: {@code 500ms}, {@code 30s}, {@code 2m}. */
    public static String text(Duration d) {
        if (d.toMillis() % 1000 != 0 || d.isZero()) {
            return d.toMillis() + "ms";
        }
        long s = d.toSeconds();
        if (s % 3600 == 0) {
            return s / 3600 + "h";
        }
        return s % 60 == 0 ? s / 60 + "m" : s + "s";
    }

    /** Builds a plan with defaults for whatever is not set. */
    public static final class Builder {
        private final Scenario scenario;
        private int concurrency = 1;
        private Duration ramp = Duration.ZERO;
        private double rate;
        private Duration duration = DEFAULT_DURATION;
        private long maxCount;
        private Duration hardLimit;
        private Duration timeout = DEFAULT_TIMEOUT;
        private Duration interval = DEFAULT_INTERVAL;
        private HostPort jumpTarget;
        private int channels = 1;
        private long bulkBytes = DEFAULT_BULK_BYTES;
        private String bulkCommand = DEFAULT_BULK_COMMAND;
        private boolean totpWait;
        private List<String> kex = List.of();

        private Builder(Scenario scenario) {
            this.scenario = scenario;
        }

        public Builder concurrency(int n) {
            this.concurrency = n;
            return this;
        }

        public Builder ramp(Duration d) {
            this.ramp = d;
            return this;
        }

        public Builder rate(double perSecond) {
            this.rate = perSecond;
            return this;
        }

        public Builder duration(Duration d) {
            this.duration = d;
            return this;
        }

        public Builder maxCount(long n) {
            this.maxCount = n;
            return this;
        }

        public Builder hardLimit(Duration d) {
            this.hardLimit = d;
            return this;
        }

        public Builder timeout(Duration d) {
            this.timeout = d;
            return this;
        }

        public Builder interval(Duration d) {
            this.interval = d;
            return this;
        }

        public Builder jumpTarget(HostPort target) {
            this.jumpTarget = target;
            return this;
        }

        public Builder channels(int n) {
            this.channels = n;
            return this;
        }

        public Builder bulkBytes(long n) {
            this.bulkBytes = n;
            return this;
        }

        public Builder bulkCommand(String command) {
            this.bulkCommand = command;
            return this;
        }

        public Builder totpWait(boolean wait) {
            this.totpWait = wait;
            return this;
        }

        public Builder kex(List<String> names) {
            this.kex = names;
            return this;
        }

        /** The plan; throws {@link InvalidPlanException} listing every problem. */
        public LoadPlan build() {
            Duration hard = hardLimit;
            if (hard == null && duration != null && timeout != null) {
                hard = duration.plus(timeout).plus(DEFAULT_CLOSE_GRACE);
                Duration cap = duration.plus(MAX_OVERRUN);
                hard = hard.compareTo(cap) > 0 ? cap : hard;
            }
            return new LoadPlan(Objects.requireNonNull(scenario, "scenario"), concurrency, ramp, rate, duration,
                    maxCount, hard, timeout, interval, jumpTarget, channels, bulkBytes, bulkCommand, totpWait, kex);
        }
    }
}
