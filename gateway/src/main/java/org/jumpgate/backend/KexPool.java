package org.jumpgate.backend;

import com.github.benmanes.caffeine.cache.Ticker;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import org.jspecify.annotations.Nullable;
import org.jumpgate.balancer.Backend;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Per login node, up to {@code size} sessions whose key exchange is done and that are not
 * authenticated yet ({@code backendLink.pool}): a new link {@link #take}s one and only logs in.
 * {@link #refill} (the connector's timer, every {@link #REFILL_EVERY} and after each take) drops
 * sessions {@code maxAge} old or closed, closes those of nodes no longer taking sessions (DOWN,
 * DRAIN), and opens new ones until each taking node has {@code size} ready or on the way. A node
 * whose session failed to open is tried again after {@link #RETRY_AFTER}. Time is the
 * {@link Ticker} given (tests move it). Thread-safe; nothing here blocks: {@code open} is
 * asynchronous and sessions are closed outside the lock.
 *
 * @param <S> the session type (the connector's MINA client session; tests use their own)
 */
final class KexPool<S> implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(KexPool.class);

    static final Duration REFILL_EVERY = Duration.ofSeconds(1);
    static final Duration RETRY_AFTER = Duration.ofSeconds(5);

    /** What the pool needs of sessions. */
    interface Sessions<S> {
        /** Connects to {@code node}; completes once the key exchange is done (fails within a bound). */
        CompletableFuture<S> open(Backend node);

        boolean usable(S session);

        void close(S session);
    }

    private record Pooled<S>(S session, long since) {
    }

    private static final class Node<S> {
        final Deque<Pooled<S>> ready = new ArrayDeque<>();
        int pending;
        long retryAt = Long.MIN_VALUE;
    }

    private final int size;
    private final long maxAgeNanos;
    private final Ticker ticker;
    private final Sessions<S> sessions;
    private final Map<String, Node<S>> nodes = new HashMap<>();
    private long hits;
    private long misses;
    private boolean closed;

    KexPool(int size, Duration maxAge, Ticker ticker, Sessions<S> sessions) {
        if (size < 0) {
            throw new IllegalArgumentException("size " + size + ", expected >= 0");
        }
        this.size = size;
        this.maxAgeNanos = maxAge.toNanos();
        this.ticker = Objects.requireNonNull(ticker, "ticker");
        this.sessions = Objects.requireNonNull(sessions, "sessions");
    }

    boolean on() {
        return size > 0;
    }

    /**
     * A ready session to {@code node}, taken out of the pool (the oldest still young enough and
     * open), or null (a miss) when it has none; those found aged or closed on the way are closed.
     */
    @Nullable S take(Backend node) {
        if (!on()) {
            return null;
        }
        List<S> drop = new ArrayList<>();
        S found = null;
        synchronized (this) {
            Node<S> n = nodes.get(node.name());
            long now = ticker.read();
            while (n != null && found == null && !n.ready.isEmpty()) {
                Pooled<S> p = n.ready.pollFirst();
                if (now - p.since() >= maxAgeNanos || !sessions.usable(p.session())) {
                    drop.add(p.session());
                } else {
                    found = p.session();
                }
            }
            if (found != null) {
                hits++;
            } else {
                misses++;
            }
        }
        drop.forEach(sessions::close);
        return found;
    }

    /** Brings the pool to {@code size} ready sessions for each of {@code taking}, and none for any other node. */
    void refill(Collection<Backend> taking) {
        if (!on()) {
            return;
        }
        List<S> drop = new ArrayList<>();
        List<Backend> open = new ArrayList<>();
        synchronized (this) {
            if (closed) {
                return;
            }
            long now = ticker.read();
            Set<String> names = new HashSet<>();
            for (Backend b : taking) {
                names.add(b.name());
            }
            nodes.entrySet().removeIf(e -> {
                if (names.contains(e.getKey())) {
                    return false;
                }
                e.getValue().ready.forEach(p -> drop.add(p.session()));
                e.getValue().ready.clear();
                return e.getValue().pending == 0;
            });
            for (Backend b : taking) {
                Node<S> n = nodes.computeIfAbsent(b.name(), k -> new Node<>());
                n.ready.removeIf(p -> {
                    boolean gone = now - p.since() >= maxAgeNanos || !sessions.usable(p.session());
                    if (gone) {
                        drop.add(p.session());
                    }
                    return gone;
                });
                if (now < n.retryAt) {
                    continue;
                }
                for (int i = n.ready.size() + n.pending; i < size; i++) {
                    n.pending++;
                    open.add(b);
                }
            }
        }
        drop.forEach(sessions::close);
        open.forEach(this::open);
    }

    private void open(Backend node) {
        long since = ticker.read();
        CompletableFuture<S> opening;
        try {
            opening = sessions.open(node);
        } catch (RuntimeException e) {
            opening = CompletableFuture.failedFuture(e);
        }
        opening.whenComplete((s, error) -> {
            boolean keep = false;
            synchronized (this) {
                Node<S> n = nodes.get(node.name());
                if (n != null) {
                    n.pending--;
                    if (error != null) {
                        n.retryAt = ticker.read() + RETRY_AFTER.toNanos();
                    } else if (!closed) {
                        n.ready.addLast(new Pooled<>(s, since));
                        keep = true;
                    }
                }
            }
            if (error != null) {
                LOG.debug("pooled session to {}: {}", node.name(), error.toString());
            } else if (!keep) {
                sessions.close(s);
            }
        });
    }

    /** Ready sessions now (open), all nodes together. */
    synchronized int size() {
        return (int) nodes.values().stream().flatMap(n -> n.ready.stream())
                .filter(p -> sessions.usable(p.session())).count();
    }

    synchronized long hits() {
        return hits;
    }

    synchronized long misses() {
        return misses;
    }

    /** Closes every ready session; sessions still opening are closed as they complete. Idempotent. */
    @Override
    public void close() {
        List<S> drop = new ArrayList<>();
        synchronized (this) {
            closed = true;
            nodes.values().forEach(n -> {
                n.ready.forEach(p -> drop.add(p.session()));
                n.ready.clear();
            });
        }
        drop.forEach(sessions::close);
    }
}
