package org.jumpgate.limits;

import java.util.HashMap;
import java.util.Map;
import java.util.function.IntUnaryOperator;
import org.jumpgate.common.Cidr;
import org.jumpgate.limits.LimitsConfig.MaxStartups;
import org.jspecify.annotations.Nullable;

/**
 * Unauthenticated connections open now, in all and per source block: {@code MaxStartups} with
 * OpenSSH's random early drop, and {@code PerSourceMaxStartups}. A slot is held from accept until
 * the connection authenticates or closes.
 */
final class Startups {

    /** Why a new connection was not given a slot. */
    enum Refusal {
        FULL("MaxStartups"), RANDOM_DROP("MaxStartups (random early drop)"), PER_SOURCE("PerSourceMaxStartups");

        private final String reason;

        Refusal(String reason) {
            this.reason = reason;
        }

        String reason() {
            return reason;
        }
    }

    private final MaxStartups max;
    private final int perSource;
    private final IntUnaryOperator random;
    private final Map<Cidr, Integer> bySource = new HashMap<>();
    private int total;

    /** {@code random.applyAsInt(n)} returns a uniform number in {@code [0, n)}. */
    Startups(MaxStartups max, int perSource, IntUnaryOperator random) {
        this.max = max;
        this.perSource = perSource;
        this.random = random;
    }

    /** Takes a slot among all unauthenticated connections, or says why not (OpenSSH's {@code should_drop_connection}). */
    synchronized @Nullable Refusal tryTakeGlobal() {
        if (total >= max.begin()) {
            if (total >= max.full() || max.rate() == 100) {
                return Refusal.FULL;
            }
            int p = max.rate() + (100 - max.rate()) * (total - max.begin()) / (max.full() - max.begin());
            if (random.applyAsInt(100) < p) {
                return Refusal.RANDOM_DROP;
            }
        }
        total++;
        return null;
    }

    /** Takes a slot of {@code block}, or says why not. */
    synchronized @Nullable Refusal tryTakeSource(Cidr block) {
        int n = bySource.getOrDefault(block, 0);
        if (n >= perSource) {
            return Refusal.PER_SOURCE;
        }
        bySource.put(block, n + 1);
        return null;
    }

    synchronized void releaseGlobal() {
        total--;
    }

    synchronized void releaseSource(Cidr block) {
        bySource.computeIfPresent(block, (k, n) -> n <= 1 ? null : n - 1);
    }

    synchronized int total() {
        return total;
    }

    synchronized int of(Cidr block) {
        return bySource.getOrDefault(block, 0);
    }
}
