package org.jumpgate.loadgen.run;

import java.time.Duration;

/**
 * How many new starts (logins, or session opens) a run may make now: the ramp sets the
 * concurrency allowed at each moment (linear from 1 to the target), and a token bucket holds the
 * start rate, with bursts of at most {@link #BURST} worth of tokens. Pure: time is passed in.
 */
final class Pacer {

    /** Tokens accumulate for at most this long (a run that fell behind does not burst). */
    static final Duration BURST = Duration.ofMillis(100);

    private final int concurrency;
    private final long rampNanos;
    private final double ratePerNano;
    private final double capacity;
    private double tokens = 1;
    private long lastNanos;

    Pacer(int concurrency, Duration ramp, double ratePerSecond) {
        this.concurrency = concurrency;
        this.rampNanos = ramp.toNanos();
        this.ratePerNano = ratePerSecond / 1e9;
        this.capacity = Math.max(1, ratePerSecond * BURST.toNanos() / 1e9);
    }

    /** The concurrency allowed {@code elapsedNanos} into the run. */
    int allowedConcurrency(long elapsedNanos) {
        if (rampNanos <= 0 || elapsedNanos >= rampNanos) {
            return concurrency;
        }
        return (int) Math.max(1, Math.ceil(concurrency * (double) Math.max(0, elapsedNanos) / rampNanos));
    }

    /** How many may start now with {@code active} running; call {@link #started} for those that did. */
    int permits(long elapsedNanos, int active) {
        int room = Math.max(0, allowedConcurrency(elapsedNanos) - active);
        if (ratePerNano <= 0) {
            return room;
        }
        if (elapsedNanos > lastNanos) {
            tokens = Math.min(capacity, tokens + (elapsedNanos - lastNanos) * ratePerNano);
            lastNanos = elapsedNanos;
        }
        return (int) Math.min(room, Math.floor(tokens));
    }

    void started(int n) {
        if (ratePerNano > 0) {
            tokens -= n;
        }
    }
}
