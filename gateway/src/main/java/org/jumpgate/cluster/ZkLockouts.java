package org.jumpgate.cluster;

import java.time.Duration;
import java.time.Instant;
import org.jumpgate.auth.SharedLockouts;
import org.jspecify.annotations.Nullable;

/**
 * Wrong-code lockouts shared by the fleet: {@code /lockouts/USER} holds until when (epoch
 * milliseconds) a gateway refuses the user's codes, so every gateway refuses them. A later end
 * wins over an earlier one; nodes are TTL nodes, gone after the lock.
 */
final class ZkLockouts implements SharedLockouts, AutoCloseable {

    static final String ROOT = "/lockouts";

    private final TtlNodes nodes;

    ZkLockouts(TtlNodes nodes) {
        this.nodes = nodes;
    }

    @Override
    public @Nullable Instant lockedUntil(String user) {
        String v = nodes.get(user);
        if (v == null) {
            return null;
        }
        try {
            return Instant.ofEpochMilli(Long.parseLong(v.strip()));
        } catch (NumberFormatException e) {
            return null;
        }
    }

    @Override
    public void publish(String user, Instant until, Duration lock) {
        Instant known = lockedUntil(user);
        if (known != null && !known.isBefore(until)) {
            return;
        }
        nodes.put(user, Long.toString(until.toEpochMilli()), lock);
    }

    @Override
    public void close() {
        nodes.close();
    }
}
