package org.jumpgate.auth;

import java.time.Duration;
import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * The wrong-code lockouts the other gateways of a fleet enforce, as this one sees them: a user
 * whose codes one gateway locked is locked on all. Both calls run where a code is checked, so an
 * implementation answers from memory (a watched copy) and publishes in the background; while its
 * store cannot be reached it knows nothing, and this gateway's own lockouts decide.
 */
public interface SharedLockouts {

    /** Until when a gateway of the fleet locked {@code user}'s codes, or null when none did (or the store is away). */
    @Nullable Instant lockedUntil(String user);

    /** Tells the fleet that {@code user}'s codes are refused until {@code until}; returns at once. */
    void publish(String user, Instant until, Duration lock);

    /** A gateway on its own: nothing is shared. */
    static SharedLockouts none() {
        return None.INSTANCE;
    }

    /** See {@link #none()}. */
    enum None implements SharedLockouts {
        INSTANCE;

        @Override
        public @Nullable Instant lockedUntil(String user) {
            return null;
        }

        @Override
        public void publish(String user, Instant until, Duration lock) {
        }
    }
}
