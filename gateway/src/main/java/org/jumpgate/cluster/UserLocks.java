package org.jumpgate.cluster;

import java.time.Duration;
import java.util.concurrent.TimeoutException;

/**
 * Work only one gateway may do at a time for a user, such as finding or submitting the user's CPU
 * job: {@link #local()} for a gateway on its own, {@link Fleet#userLocks()} for the whole fleet.
 * Taking a lock blocks, so callers take it on a worker thread, never on an I/O thread.
 */
public interface UserLocks {

    /**
     * Takes {@code user}'s lock, waiting at most {@code wait}; the returned hold releases it once,
     * from any thread.
     *
     * @throws TimeoutException when another holder kept it past {@code wait}
     * @throws InterruptedException when the waiting thread was interrupted
     */
    Held acquire(String user, Duration wait) throws TimeoutException, InterruptedException;

    /** A taken lock; closing it again does nothing. */
    interface Held extends AutoCloseable {
        @Override
        void close();
    }

    /** Locks of this gateway alone, in memory. */
    static UserLocks local() {
        return new LocalUserLocks();
    }
}
