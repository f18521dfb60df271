package org.jumpgate.balancer.probe;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import org.slf4j.Logger;

/**
 * What the prober logs about failing probes, so that a backend down for an hour, or a gateway out
 * of file descriptors, says so in a few lines, not in one line (or stack trace) per probe: one
 * WARN line when a backend's probe starts failing, the failures after it only counted, one WARN
 * line with the count at most every {@link #SUMMARY_EVERY} while it goes on (with the latest
 * reason), and one INFO line when it passes again. Expected failures (network errors, timeouts,
 * malformed replies: {@link ProbeFailure#expected}) are one line without a stack trace; anything
 * else is a bug, and its first occurrence carries the stack trace. Not thread-safe: the prober
 * calls it on its event loop only.
 */
final class ProbeLog {

    /** While a probe keeps failing, at most one line per this long. */
    static final Duration SUMMARY_EVERY = Duration.ofMinutes(1);

    private final Logger log;
    private final Clock clock;
    private final Map<Key, Failing> failing = new HashMap<>();

    ProbeLog(Logger log, Clock clock) {
        this.log = Objects.requireNonNull(log, "log");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** The {@code probe} ("SSH", "load") of {@code backend} failed with {@code cause}. */
    void failed(String backend, String probe, Throwable cause) {
        String reason = ProbeFailure.reasonOf(cause);
        Instant now = clock.instant();
        Key key = new Key(backend, probe);
        Failing f = failing.get(key);
        if (f == null) {
            failing.put(key, new Failing(now));
            if (ProbeFailure.expected(cause)) {
                log.warn("{} probe of {} failed: {}", probe, backend, reason);
            } else {
                log.warn("{} probe of {} failed: {}", probe, backend, reason, cause);
            }
            return;
        }
        f.total++;
        f.sinceLine++;
        if (!Duration.between(f.lastLine, now).minus(SUMMARY_EVERY).isNegative()) {
            log.warn("{} probe of {} still failing: {} ({} more failures in {}s, {} since {})", probe, backend, reason,
                    f.sinceLine, Duration.between(f.lastLine, now).toSeconds(), f.total, f.since);
            f.lastLine = now;
            f.sinceLine = 0;
        }
    }

    /** The {@code probe} of {@code backend} passed. */
    void passed(String backend, String probe) {
        Failing f = failing.remove(new Key(backend, probe));
        if (f != null) {
            log.info("{} probe of {} passes again, after {} failures since {}", probe, backend, f.total, f.since);
        }
    }

    /** {@code backend} is no longer probed: forget its failures. */
    void forget(String backend) {
        failing.keySet().removeIf(k -> k.backend().equals(backend));
    }

    private record Key(String backend, String probe) {
    }

    /** A probe failing since {@code since}. */
    private static final class Failing {
        private final Instant since;
        private Instant lastLine;
        private long total = 1;
        private long sinceLine;

        Failing(Instant since) {
            this.since = since;
            this.lastLine = since;
        }
    }
}
