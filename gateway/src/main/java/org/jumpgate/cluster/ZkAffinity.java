package org.jumpgate.cluster;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import org.apache.curator.framework.CuratorFramework;
import org.apache.zookeeper.CreateMode;
import org.apache.zookeeper.KeeperException;
import org.jumpgate.balancer.affinity.Affinity;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * User affinity shared by the fleet: {@code /affinity/USER} holds the user's login node, a TTL
 * node so it goes {@code ttl} after its last write, as the local map does. A user who was on
 * login-2 through one gateway lands on login-2 through another (after a failover too). Writes go
 * in the background; reads fall back to this gateway's own map while the store cannot be reached.
 */
final class ZkAffinity implements Affinity {

    private static final Logger LOG = LoggerFactory.getLogger(ZkAffinity.class);

    private final CuratorFramework client;
    private final BooleanSupplier connected;
    private final Affinity local;
    private final long ttlMillis;

    ZkAffinity(CuratorFramework client, BooleanSupplier connected, Affinity local, Duration ttl) {
        this.client = client;
        this.connected = connected;
        this.local = local;
        this.ttlMillis = ttl.toMillis();
    }

    private static String path(String user) {
        return "/affinity/" + URLEncoder.encode(user, StandardCharsets.UTF_8);
    }

    @Override
    public Optional<String> nodeOf(String user) {
        if (ttlMillis > 0 && connected.getAsBoolean()) {
            try {
                return Optional.of(new String(client.getData().forPath(path(user)), StandardCharsets.UTF_8));
            } catch (KeeperException.NoNodeException e) {
                return local.nodeOf(user);
            } catch (Exception e) {
                LOG.debug("affinity of {} from the fleet: {}", user, e.toString());
            }
        }
        return local.nodeOf(user);
    }

    @Override
    public void remember(String user, String node) {
        local.remember(user, node);
        write(user, node);
    }

    @Override
    public void sessionEnded(String user, String node) {
        local.sessionEnded(user, node);
        if (local.nodeOf(user).map(node::equals).orElse(false)) {
            write(user, node); // the TTL starts again from now
        }
    }

    private void write(String user, String node) {
        if (ttlMillis <= 0 || !connected.getAsBoolean()) {
            return;
        }
        try {
            client.create().orSetData().withTtl(ttlMillis).creatingParentContainersIfNeeded()
                    .withMode(CreateMode.PERSISTENT_WITH_TTL).inBackground()
                    .forPath(path(user), node.getBytes(StandardCharsets.UTF_8));
        } catch (Exception e) {
            LOG.debug("affinity of {} to the fleet: {}", user, e.toString());
        }
    }

    @Override
    public long size() {
        return local.size();
    }
}
