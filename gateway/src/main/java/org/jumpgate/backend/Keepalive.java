package org.jumpgate.backend;

import java.util.OptionalLong;

/**
 * One link's keepalive count, as OpenSSH's {@code ServerAliveInterval} and
 * {@code ServerAliveCountMax}: at every tick (one per {@code backendLink.keepalive}) the link sends
 * a numbered keepalive, unless the login node has answered none of those sent in the last
 * {@code countMax} ticks: then it is hung. The link's start counts as an answer at tick 0, so a
 * node that stops answering is found at most {@code countMax} ticks after its last answer (30 s
 * for 10 s × 3). Counting ticks, not reading a clock, keeps the decision exact however late the
 * timer runs. Thread-safe: ticks come from the connector's timer, answers from I/O threads.
 */
final class Keepalive {

    private final int countMax;
    private long ticks;
    private long answered;

    Keepalive(int countMax) {
        if (countMax < 1) {
            throw new IllegalArgumentException("countMax " + countMax + ", expected >= 1");
        }
        this.countMax = countMax;
    }

    /** The number of the keepalive to send at this tick, or empty when the login node is hung. */
    synchronized OptionalLong tick() {
        ticks++;
        if (ticks - answered >= countMax) {
            return OptionalLong.empty();
        }
        return OptionalLong.of(ticks);
    }

    /** The login node answered keepalive {@code number} (success, failure or unimplemented: an answer). */
    synchronized void answered(long number) {
        answered = Math.max(answered, number);
    }
}
