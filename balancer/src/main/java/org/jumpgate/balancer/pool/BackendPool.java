package org.jumpgate.balancer.pool;

import java.time.Clock;
import java.util.List;
import java.util.Optional;
import org.jumpgate.balancer.BackendConfig;

/** The login nodes the balancer knows, in configuration order. Thread-safe. */
public interface BackendPool {

    /**
     * An empty pool.
     *
     * @param rise  passing probes in a row that bring a member UP
     * @param fall  failing probes in a row that bring a member DOWN
     * @param clock stamps probe results
     */
    static BackendPool create(int rise, int fall, Clock clock) {
        return new DefaultPool(rise, fall, clock);
    }

    /** The members now, in configuration order. */
    List<PoolMember> members();

    Optional<PoolMember> member(String name);

    /**
     * Makes the pool hold exactly {@code configs}. A member whose name is kept keeps its session
     * counts and drain flag (and its probe results unless its address or load source changed); a
     * removed member's live sessions keep counting on it and it is brought back with them if it is
     * added again while they last.
     *
     * @throws IllegalArgumentException when two configs have the same name
     */
    Change reconfigure(List<BackendConfig> configs);

    /** What a reconfiguration did. */
    record Change(List<PoolMember> added, List<PoolMember> removed, List<PoolMember> kept) {
        public Change {
            added = List.copyOf(added);
            removed = List.copyOf(removed);
            kept = List.copyOf(kept);
        }
    }
}
