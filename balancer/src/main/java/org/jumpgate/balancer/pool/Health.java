package org.jumpgate.balancer.pool;

/**
 * Rise/fall counters over SSH probe results, as HAProxy's: an UP backend goes DOWN after
 * {@code fall} failures in a row, a DOWN backend goes UP after {@code rise} passes in a row. A
 * backend starts {@linkplain #checking() checking}: its first probe decides at once, UP if it
 * passed, DOWN if it failed, so that a gateway that starts takes a live node within one probe
 * interval and never sends a session to a dead one. Not thread-safe; its member guards it.
 */
final class Health {

    private final int rise;
    private final int fall;
    private boolean checking = true;
    private boolean up;
    private int passes;
    private int failures;

    Health(int rise, int fall) {
        this.rise = rise;
        this.fall = fall;
    }

    /** Counts a passing probe; true when that made the backend UP. */
    boolean passed() {
        failures = 0;
        if (checking) {
            checking = false;
            up = true;
            return true;
        }
        if (up) {
            return false;
        }
        passes++;
        if (passes >= rise) {
            up = true;
            passes = 0;
            return true;
        }
        return false;
    }

    /** Counts a failing probe; true when that made the backend DOWN. */
    boolean failed() {
        passes = 0;
        if (checking) {
            checking = false;
            return true;
        }
        if (!up) {
            return false;
        }
        failures++;
        if (failures >= fall) {
            up = false;
            failures = 0;
            return true;
        }
        return false;
    }

    /** True until the first probe came back. */
    boolean checking() {
        return checking;
    }

    /** True when the last decision was UP (false while checking). */
    boolean up() {
        return up;
    }

    /** {@code "1/2 to rise"}, {@code "1/3 to fall"} or empty when steady. */
    String progress() {
        if (!checking && !up && passes > 0) {
            return passes + "/" + rise + " to rise";
        }
        if (up && failures > 0 && failures < fall) {
            return failures + "/" + fall + " to fall";
        }
        return "";
    }
}
