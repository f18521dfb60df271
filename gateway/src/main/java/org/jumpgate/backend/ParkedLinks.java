package org.jumpgate.backend;

import com.github.benmanes.caffeine.cache.Ticker;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Predicate;
import org.jspecify.annotations.Nullable;

/**
 * Links whose user connection ended, each kept open up to {@code linger} for the next connection
 * with the same key ({@link LinkKey}: user, key policy, pin) to take instead of logging in again.
 * Only an exact key matches, so a link never goes to another user. At most {@link #MAX_PER_KEY}
 * links wait per key and {@link #MAX_PARKED} in all: a link beyond those is not parked (its owner
 * closes it). Time is the {@link Ticker} given: {@link #sweep()} closes the links parked longer
 * than {@code linger} (the connector calls it every {@link #SWEEP_EVERY}; tests move the ticker and
 * call it), and {@link #take} never hands out one that is. Thread-safe; nothing here blocks: links
 * are closed outside the lock.
 *
 * @param <L> the link type (the connector's {@link BackendLink}; tests use their own)
 */
final class ParkedLinks<L> implements AutoCloseable {

    /** Links of one user and key waiting at once (a user whose four scp loops ended together). */
    static final int MAX_PER_KEY = 4;
    /** Links waiting at once in all: each holds a login on a login node. */
    static final int MAX_PARKED = 2_000;
    /** How often the connector sweeps out links that lingered their time. */
    static final Duration SWEEP_EVERY = Duration.ofSeconds(1);

    /** What the lot needs of a link. */
    interface Links<L> {
        /** Still open, and nothing on it that must not go to another connection. */
        boolean usable(L link);

        /** Closes the link (not waiting for it). */
        void close(L link);
    }

    /** A link parked at {@code since} (ticker nanos). */
    record Parked<L>(L link, long since) {
    }

    private final long lingerNanos;
    private final Ticker ticker;
    private final Links<L> links;
    private final Map<LinkKey, Deque<Parked<L>>> byKey = new HashMap<>();
    private int size;
    private long reused;
    private boolean closed;

    ParkedLinks(Duration linger, Ticker ticker, Links<L> links) {
        if (linger.isNegative()) {
            throw new IllegalArgumentException("linger " + linger + ", expected >= 0");
        }
        this.lingerNanos = linger.toNanos();
        this.ticker = Objects.requireNonNull(ticker, "ticker");
        this.links = Objects.requireNonNull(links, "links");
    }

    /**
     * Parks {@code link} under {@code key}; false when it is not parked (lingering off, the lot
     * closed or full, the link not usable): then the caller closes it.
     */
    boolean park(LinkKey key, L link) {
        if (lingerNanos == 0 || !links.usable(link)) {
            return false;
        }
        synchronized (this) {
            if (closed || size >= MAX_PARKED) {
                return false;
            }
            Deque<Parked<L>> q = byKey.computeIfAbsent(key, k -> new ArrayDeque<>());
            if (q.size() >= MAX_PER_KEY) {
                return false;
            }
            q.addLast(new Parked<>(link, ticker.read()));
            size++;
            return true;
        }
    }

    /**
     * The newest parked link of {@code key} that is still usable, within its linger time and
     * {@code fits} (e.g. its login node still takes sessions), taken out of the lot; null when none
     * is. Links found unusable or past their time on the way are closed.
     */
    @Nullable Parked<L> take(LinkKey key, Predicate<L> fits) {
        List<L> drop = new ArrayList<>();
        Parked<L> found = null;
        synchronized (this) {
            Deque<Parked<L>> q = byKey.get(key);
            if (q != null) {
                long now = ticker.read();
                for (Iterator<Parked<L>> it = q.descendingIterator(); it.hasNext() && found == null; ) {
                    Parked<L> p = it.next();
                    if (now - p.since() >= lingerNanos || !links.usable(p.link())) {
                        it.remove();
                        size--;
                        drop.add(p.link());
                    } else if (fits.test(p.link())) {
                        it.remove();
                        size--;
                        reused++;
                        found = p;
                    }
                }
                if (q.isEmpty()) {
                    byKey.remove(key);
                }
            }
        }
        drop.forEach(links::close);
        return found;
    }

    /** Forgets {@code link} if it is parked (it closed: its login node ended it, a keepalive failed). */
    void forget(L link) {
        synchronized (this) {
            for (Iterator<Deque<Parked<L>>> qs = byKey.values().iterator(); qs.hasNext(); ) {
                Deque<Parked<L>> q = qs.next();
                if (q.removeIf(p -> p.link() == link)) {
                    size--;
                    if (q.isEmpty()) {
                        qs.remove();
                    }
                    return;
                }
            }
        }
    }

    /** Closes every link parked for {@code linger} or longer, or no longer usable. */
    void sweep() {
        List<L> drop = new ArrayList<>();
        synchronized (this) {
            long now = ticker.read();
            for (Iterator<Deque<Parked<L>>> qs = byKey.values().iterator(); qs.hasNext(); ) {
                Deque<Parked<L>> q = qs.next();
                for (Iterator<Parked<L>> it = q.iterator(); it.hasNext(); ) {
                    Parked<L> p = it.next();
                    if (now - p.since() >= lingerNanos || !links.usable(p.link())) {
                        it.remove();
                        size--;
                        drop.add(p.link());
                    }
                }
                if (q.isEmpty()) {
                    qs.remove();
                }
            }
        }
        drop.forEach(links::close);
    }

    /** Links parked now. */
    synchronized int size() {
        return size;
    }

    /** Links taken again since the start. */
    synchronized long reused() {
        return reused;
    }

    /** How long {@code p} has been parked, by the ticker. */
    Duration parkedFor(Parked<L> p) {
        return Duration.ofNanos(ticker.read() - p.since());
    }

    /** Closes every parked link; nothing is parked afterwards. Idempotent. */
    @Override
    public void close() {
        List<L> drop = new ArrayList<>();
        synchronized (this) {
            closed = true;
            byKey.values().forEach(q -> q.forEach(p -> drop.add(p.link())));
            byKey.clear();
            size = 0;
        }
        drop.forEach(links::close);
    }
}
