package org.jumpgate.balancer.affinity;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Ticker;
import java.time.Duration;
import java.util.Optional;

/** Affinity in a Caffeine cache expiring entries a TTL after they were last written. */
final class CaffeineAffinity implements Affinity {

    /** Bound on remembered users, far above any cluster's user count, against unbounded growth. */
    static final long MAX_USERS = 1_000_000;

    private final Cache<String, String> nodes;

    CaffeineAffinity(Duration ttl, Ticker ticker) {
        this.nodes = Caffeine.newBuilder()
                .expireAfterWrite(ttl)
                .maximumSize(MAX_USERS)
                .ticker(ticker)
                .executor(Runnable::run)
                .build();
    }

    @Override
    public Optional<String> nodeOf(String user) {
        return Optional.ofNullable(nodes.getIfPresent(user));
    }

    @Override
    public void remember(String user, String node) {
        nodes.put(user, node);
    }

    @Override
    public void sessionEnded(String user, String node) {
        String current = nodes.getIfPresent(user);
        if (current == null || current.equals(node)) {
            nodes.put(user, node);
        }
    }

    @Override
    public long size() {
        nodes.cleanUp();
        return nodes.estimatedSize();
    }
}
