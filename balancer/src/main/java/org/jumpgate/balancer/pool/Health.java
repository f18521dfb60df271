package org.jumpgate.balancer.pool;

/**
 * Rise/fall counters over SSH probe results, as HAProxy's: an UP backend goes DOWN after
 * {@code fall} failures in a row, a DOWN backend goes UP after {@code rise} passes in a row. A
 * backend starts UP but not yet proven: its first failure takes it DOWN at once, so a dead node is
 * out after one probe when the gateway starts. Not thread-safe; its member guards it.
 */
final class Health {

    private final int rise;
    private final int fall;
    private boolean up = true;
    private int passes;
    private int failures;
    private boolean proven;

    Health(int rise, int fall) {
        this.rise = rise;
        this.fall = fall;
    }

    /** Counts a passing probe; true when that made the backend UP. */
    boolean passed() {
        failures = 0;
        proven = true;
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
        if (!up) {
            return false;
        }
        failures++;
        if (failures >= fall || !proven) {
            up = false;
            failures = 0;
            return true;
        }
        return false;
    }

    boolean up() {
        return up;
    }

    /** {@code "1/2 to rise"}, {@code "1/3 to fall"} or empty when steady. */
    String progress() {
        if (!up && passes > 0) {
            return passes + "/" + rise + " to rise";
        }
        if (up && failures > 0 && failures < fall) {
            return failures + "/" + fall + " to fall";
        }
        return "";
    }
}
