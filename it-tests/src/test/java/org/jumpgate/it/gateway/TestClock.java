package org.jumpgate.it.gateway;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/** The clock one-time codes are checked against in these tests; moved by hand, never waited for. */
final class TestClock extends Clock {

    private volatile Instant now = Instant.now();

    synchronized Instant advance(Duration d) {
        now = now.plus(d);
        return now;
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        return this;
    }

    @Override
    public Instant instant() {
        return now;
    }
}
