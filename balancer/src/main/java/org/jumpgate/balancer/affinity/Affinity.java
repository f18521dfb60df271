package org.jumpgate.balancer.affinity;

import com.github.benmanes.caffeine.cache.Ticker;
import java.time.Duration;
import java.util.Optional;

/** User name to the node of that user's last session, forgotten {@code ttl} after the last touch. */
public interface Affinity {

    /** An affinity map; a zero {@code ttl} remembers nothing. */
    static Affinity create(Duration ttl, Ticker ticker) {
        return ttl.isZero() ? NONE : new CaffeineAffinity(ttl, ticker);
    }

    /** The node {@code user} last had a session on, if within the TTL. */
    Optional<String> nodeOf(String user);

    /** {@code user} started a session on {@code node}: it is the user's node now, for a TTL. */
    void remember(String user, String node);

    /**
     * {@code user}'s session on {@code node} ended: the TTL starts again from now, unless the user
     * has since started a session on another node, which stays the user's node.
     */
    void sessionEnded(String user, String node);

    /** How many users are remembered, roughly (expired entries may still count until cleaned). */
    long size();

    /** Remembers nothing. */
    Affinity NONE = new Affinity() {
        @Override
        public Optional<String> nodeOf(String user) {
            return Optional.empty();
        }

        @Override
        public void remember(String user, String node) {
        }

        @Override
        public void sessionEnded(String user, String node) {
        }

        @Override
        public long size() {
            return 0;
        }
    };
}
