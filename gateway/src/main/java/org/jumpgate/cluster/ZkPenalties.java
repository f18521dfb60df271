package org.jumpgate.cluster;

import java.time.Duration;
import org.jumpgate.common.Cidr;
import org.jumpgate.limits.SharedPenalties;
import org.jspecify.annotations.Nullable;

/**
 * Per-source penalties shared by the fleet: {@code /penalties/BLOCK} holds until when (epoch
 * milliseconds) and why a gateway refuses that source block, so every gateway refuses it at
 * accept. A later end wins over an earlier one; nodes are TTL nodes, gone after the penalty.
 */
final class ZkPenalties implements SharedPenalties, AutoCloseable {

    static final String ROOT = "/penalties";
    /**
     * Blocks published at most (as many as one gateway remembers, OpenSSH's {@code max-sources4}):
     * past that a flood of addresses is penalised by each gateway on its own, and neither the store
     * nor every gateway's copy grows further.
     */
    static final int MAX_PUBLISHED = 65536;
    /** A known penalty is written again only when its end moved by this much (not on every bad connection). */
    static final long PUBLISH_STEP_MILLIS = 1000;

    private final TtlNodes nodes;

    ZkPenalties(TtlNodes nodes) {
        this.nodes = nodes;
    }

    @Override
    public @Nullable Published find(Cidr block) {
        String v = nodes.get(block.toString());
        if (v == null) {
            return null;
        }
        int space = v.indexOf(' ');
        try {
            return new Published(Long.parseLong(space < 0 ? v : v.substring(0, space)),
                    space < 0 ? "penalised by another gateway" : v.substring(space + 1));
        } catch (NumberFormatException e) {
            return null;
        }
    }

    @Override
    public void publish(Cidr block, long untilMillis, String reason, Duration keep) {
        Published known = find(block);
        if (known != null && known.untilMillis() + PUBLISH_STEP_MILLIS > untilMillis
                || known == null && nodes.size() >= MAX_PUBLISHED) {
            return;
        }
        nodes.put(block.toString(), untilMillis + " " + reason, keep);
    }

    @Override
    public void close() {
        nodes.close();
    }
}
