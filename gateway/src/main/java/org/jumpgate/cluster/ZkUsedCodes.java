package org.jumpgate.cluster;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.OptionalLong;
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
 * the store cannot be reached, this gateway's own record decides.
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

    ZkUsedCodes(CuratorFramework client, BooleanSupplier connected, UsedCodes local) {
        this.client = client;
        this.connected = connected;
        this.local = local;
    }

    @Override
    public boolean accept(String user, long step) {
        if (!connected.getAsBoolean()) {
            return local.accept(user, step);
        }
        String path = "/codes/" + URLEncoder.encode(user, StandardCharsets.UTF_8);
        byte[] value = Long.toString(step).getBytes(StandardCharsets.US_ASCII);
        try {
            for (int round = 0; round < MAX_ROUNDS; round++) {
                Stat stat = new Stat();
                byte[] data;
                try {
                    data = client.getData().storingStatIn(stat).forPath(path);
                } catch (KeeperException.NoNodeException e) {
                    try {
                        client.create().withTtl(TTL_MILLIS).creatingParentContainersIfNeeded()
                                .withMode(CreateMode.PERSISTENT_WITH_TTL).forPath(path, value);
                        local.accept(user, step);
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
                    local.accept(user, step);
                    return true;
                } catch (KeeperException.BadVersionException raced) {
                    // another gateway moved it meanwhile: read again
                }
            }
        } catch (Exception e) {
            LOG.warn("the fleet's record of used codes did not answer ({}): this gateway's own record decides",
                    e.toString());
        }
        return local.accept(user, step);
    }

    @Override
    public OptionalLong last(String user) {
        return local.last(user);
    }

    @Override
    public void prune(long oldest) {
        local.prune(oldest);
    }
}
