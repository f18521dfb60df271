package org.jumpgate.balancer.testing;

import com.github.benmanes.caffeine.cache.Ticker;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicReference;

/** A clock and a Caffeine ticker that move only when a test moves them, together. */
public final class FakeTime extends Clock implements Ticker {

    private static final Instant START = Instant.parse("2026-11-01T08:00:00Z");
    private final AtomicReference<Instant> now = new AtomicReference<>(START);

    public void advance(Duration d) {
        now.updateAndGet(t -> t.plus(d));
    }

    @Override
    public Instant instant() {
        return now.get();
    }

    @Override
    public long read() {
        Duration since = Duration.between(START, now.get());
        return since.toNanos();
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
