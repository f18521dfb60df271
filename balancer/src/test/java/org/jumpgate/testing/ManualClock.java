package org.jumpgate.testing;

import com.github.benmanes.caffeine.cache.Ticker;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The one clock every module's tests move by hand, never wait for: a {@link Clock} (UTC) and a
 * Caffeine {@link Ticker} that move together. {@link #read()} counts nanoseconds from the start.
 * Thread-safe. Shared through the balancer module's test-jar.
 */
public final class ManualClock extends Clock implements Ticker {

    private final Instant start;
    private final AtomicReference<Instant> now;

    /** A clock that starts at the current time (for code that compares it with the real one). */
    public ManualClock() {
        this(Instant.now());
    }

    /** A clock that starts at {@code start}. */
    public ManualClock(Instant start) {
        this.start = Objects.requireNonNull(start, "start");
        this.now = new AtomicReference<>(start);
    }

    /** Moves the clock forward by {@code d}; returns the new time. */
    public Instant advance(Duration d) {
        Objects.requireNonNull(d, "d");
        return now.updateAndGet(t -> t.plus(d));
    }

    /** Sets the clock to {@code t}. */
    public void set(Instant t) {
        now.set(Objects.requireNonNull(t, "t"));
    }

    @Override
    public Instant instant() {
        return now.get();
    }

    /** Nanoseconds since the start instant, as a Caffeine ticker. */
    @Override
    public long read() {
        return Duration.between(start, now.get()).toNanos();
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        return this;
    }
}
