package org.jumpgate.balancer.probe;

import com.github.benmanes.caffeine.cache.Ticker;
import java.time.Clock;
import java.time.Duration;
import org.jumpgate.balancer.ProbeObserver;
import org.jumpgate.balancer.pool.BackendPool;

/**
 * Probes every member of a pool every {@code interval} on one Netty event loop and reports the
 * results to the members. A probe of one backend never overlaps the previous probe of that
 * backend: while one is still running (a timeout longer than the interval), that tick is skipped.
 */
public interface Prober extends AutoCloseable {

    /**
     * A prober for {@code pool}; nothing runs until {@link #start()}. {@code clock} paces what it
     * logs about failing probes (one line when one starts failing, then a count at most a minute).
     */
    static Prober create(BackendPool pool, Duration interval, Duration timeout, Clock clock) {
        return create(pool, interval, timeout, clock, Ticker.systemTicker(), ProbeObserver.NONE);
    }

    /** As {@link #create(BackendPool, Duration, Duration, Clock)}, telling {@code observer} of each probe, timed on {@code ticker}. */
    static Prober create(BackendPool pool, Duration interval, Duration timeout, Clock clock, Ticker ticker,
                         ProbeObserver observer) {
        return new NettyProber(pool, interval, timeout, clock, ticker, observer);
    }

    /** Starts probing every member, the first probes spread over the first interval. */
    void start();

    /** The pool's members changed: probe the new ones, stop probing the removed ones. */
    void membersChanged();

    /** Stops probing and the event loop; waits briefly for it. Idempotent. */
    @Override
    void close();
}
