package org.jumpgate.limits;

import java.time.Clock;
import java.time.Duration;

/**
 * At most {@code lines} log lines per {@code window} for one kind of event; what is held back is
 * counted and named in the next line let through. Under a flood the log stays readable and small.
 */
final class LogBudget {

    private final int lines;
    private final long windowMillis;
    private final Clock clock;
    private long windowStart = Long.MIN_VALUE;
    private int used;
    private long held;

    LogBudget(int lines, Duration window, Clock clock) {
        this.lines = lines;
        this.windowMillis = window.toMillis();
        this.clock = clock;
    }

    /**
     * -1 when this line must be held back; else how many were held back since the last line let
     * through (0 for none), to be said in this one.
     */
    synchronized long spend() {
        long now = clock.millis();
        if (windowStart == Long.MIN_VALUE || now - windowStart >= windowMillis) {
            windowStart = now;
            used = 0;
        }
        if (used >= lines) {
            held++;
            return -1;
        }
        used++;
        long h = held;
        held = 0;
        return h;
    }

    /** {@code ""} or {@code " (N more like it not logged)"}. */
    static String suffix(long held) {
        return held > 0 ? " (" + held + " more like it not logged)" : "";
    }
}
