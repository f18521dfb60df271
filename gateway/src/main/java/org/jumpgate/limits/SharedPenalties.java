package org.jumpgate.limits;

import java.time.Duration;
import org.jumpgate.common.Cidr;
import org.jspecify.annotations.Nullable;

/**
 * The penalties the other gateways of a fleet enforce, as this one sees them: a source block
 * penalised on one gateway is refused at accept on all. Both calls run on I/O threads, so an
 * implementation answers from memory (a watched copy) and publishes in the background; while
 * its store cannot be reached it knows nothing, and this gateway's own penalties decide.
 */
public interface SharedPenalties {

    /** A penalty as a gateway published it: until when (epoch milliseconds on the limits clock), and why. */
    record Published(long untilMillis, String reason) {
    }

    /** The penalty published for {@code block}, or null when there is none (or the store is away). */
    @Nullable Published find(Cidr block);

    /**
     * Tells the fleet that {@code block} is refused until {@code untilMillis} because of
     * {@code reason}; returns at once. {@code keep} bounds how long the store keeps it.
     */
    void publish(Cidr block, long untilMillis, String reason, Duration keep);

    /** A gateway on its own: nothing is shared. */
    static SharedPenalties none() {
        return None.INSTANCE;
    }

    /** See {@link #none()}. */
    enum None implements SharedPenalties {
        INSTANCE;

        @Override
        public @Nullable Published find(Cidr block) {
            return null;
        }

        @Override
        public void publish(Cidr block, long untilMillis, String reason, Duration keep) {
        }
    }
}
