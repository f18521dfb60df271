package org.jumpgate.cluster;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BooleanSupplier;
import org.apache.curator.framework.CuratorFramework;
import org.apache.zookeeper.CreateMode;
import org.apache.zookeeper.KeeperException;
import org.apache.zookeeper.data.Stat;
import org.jumpgate.auth.UsedCodes;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Accepted code steps in ZooKeeper, one node per user ({@code /codes/USER}, its data the last
 * step), moved forward by compare-and-set so two gateways never both accept a code; a TTL node,
 * so users who stopped logging in leave nothing behind. Every outcome is also kept locally: while
 * the store cannot be reached, this gateway's own record decides, and what it accepted meanwhile
 * is written to the store when it is back ({@link #writeBack()}).
 */
final class ZkUsedCodes implements UsedCodes {

    private static final Logger LOG = LoggerFactory.getLogger(ZkUsedCodes.class);

    /** A user's node goes this long after its last change (well past the codes' skew window). */
    static final long TTL_MILLIS = 10 * 60_000L;
    /** Compare-and-set rounds before giving up to the local record (two gateways racing on one user). */
    static final int MAX_ROUNDS = 8;

    private final CuratorFramework client;
    private final BooleanSupplier connected;
    private final UsedCodes local;
    /** Per user, the last step accepted by this gateway alone and not yet in the store. */
    private final Map<String, Long> unwritten = new ConcurrentHashMap<>();

    ZkUsedCodes(CuratorFramework client, BooleanSupplier connected, UsedCodes local) {
        this.client = client;
        this.connected = connected;
        this.local = local;
    }

    @Override
    public boolean accept(String user, long step) {
        if (!connected.getAsBoolean()) {
            return acceptedAlone(user, step);
        }
        try {
            if (raise(user, step)) {
                local.accept(user, step);
                return true;
            }
            return false; // raise noted the fleet's last step locally
        } catch (Exception e) {
            LOG.warn("the fleet's record of used codes did not answer ({}): this gateway's own record decides",
                    e.toString());
        }
        return acceptedAlone(user, step);
    }

    /** This gateway's own record decides; a code it accepts is written to the fleet when it is back. */
    private boolean acceptedAlone(String user, long step) {
        if (local.accept(user, step)) {
            unwritten.merge(user, step, Math::max);
            return true;
        }
        return false;
    }

    /**
     * Moves {@code user}'s node to {@code step} unless it is there or past it already: true when
     * it moved (the step is new to the fleet). Compare-and-set, so two gateways never both move it.
     */
    private boolean raise(String user, long step) throws Exception {
        String path = "/codes/" + URLEncoder.encode(user, StandardCharsets.UTF_8);
        byte[] value = Long.toString(step).getBytes(StandardCharsets.US_ASCII);
        for (int round = 0; round < MAX_ROUNDS; round++) {
            Stat stat = new Stat();
            byte[] data;
            try {
                data = client.getData().storingStatIn(stat).forPath(path);
            } catch (KeeperException.NoNodeException e) {
                try {
                    client.create().withTtl(TTL_MILLIS).creatingParentContainersIfNeeded()
                            .withMode(CreateMode.PERSISTENT_WITH_TTL).forPath(path, value);
                    return true;
                } catch (KeeperException.NodeExistsException raced) {
                    continue;
                }
            }
            long last = Long.parseLong(new String(data, StandardCharsets.US_ASCII).strip());
            if (step <= last) {
                local.accept(user, last);
                return false;
            }
            try {
                client.setData().withVersion(stat.getVersion()).forPath(path, value);
                return true;
            } catch (KeeperException.BadVersionException raced) {
                // another gateway moved it meanwhile: read again
            }
        }
        throw new IllegalStateException("no agreement after " + MAX_ROUNDS + " rounds on " + path);
    }

    /**
     * Writes the codes this gateway accepted on its own (while the store could not be reached) to
     * the fleet, so the other gateways refuse them from now on; what cannot be written yet stays
     * for the next time. Called when the store is back; blocks on ZooKeeper, so never on an I/O thread.
     */
    void writeBack() {
        int written = 0;
        for (Map.Entry<String, Long> e : unwritten.entrySet()) {
            try {
                raise(e.getKey(), e.getValue());
                unwritten.remove(e.getKey(), e.getValue());
                written++;
            } catch (Exception x) {
                LOG.warn("writing the codes accepted alone back to the fleet ({}): tried again on the next reconnect",
                        x.toString());
                return;
            }
        }
        if (written > 0) {
            LOG.info("wrote {} user(s)' codes accepted while the fleet's ZooKeeper was away back to it", written);
        }
    }

    @Override
    public OptionalLong last(String user) {
        return local.last(user);
    }

    @Override
    public void prune(long oldest) {
        local.prune(oldest);
        unwritten.values().removeIf(s -> s < oldest);
    }
}
