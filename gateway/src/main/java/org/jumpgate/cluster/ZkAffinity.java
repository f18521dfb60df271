package org.jumpgate.cluster;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import org.apache.curator.framework.CuratorFramework;
import org.apache.zookeeper.CreateMode;
import org.apache.curator.framework.recipes.cache.ChildData;
import org.apache.curator.framework.recipes.cache.CuratorCache;
import org.jumpgate.balancer.affinity.Affinity;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * User affinity shared by the fleet: {@code /affinity/USER} holds the user's login node, a TTL
 * node so it goes {@code ttl} after its last write, as the local map does. A user who was on
 * login-2 through one gateway lands on login-2 through another (after a failover too). Reads come
 * from a watched copy of {@code /affinity} in this JVM (a pick runs on an I/O thread: it never
 * waits on ZooKeeper), writes go in the background; reads fall back to this gateway's own map
 * while the store cannot be reached.
 */
final class ZkAffinity implements Affinity, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ZkAffinity.class);

    private final CuratorFramework client;
    private final BooleanSupplier connected;
    private final Affinity local;
    private final long ttlMillis;
    private final CuratorCache cache;

    ZkAffinity(CuratorFramework client, BooleanSupplier connected, Affinity local, Duration ttl) {
        this.client = client;
        this.connected = connected;
        this.local = local;
        this.ttlMillis = ttl.toMillis();
        this.cache = CuratorCache.build(client, "/affinity");
        cache.start();
    }

    private static String path(String user) {
        return "/affinity/" + URLEncoder.encode(user, StandardCharsets.UTF_8);
    }

    @Override
    public Optional<String> nodeOf(String user) {
        if (ttlMillis > 0 && connected.getAsBoolean()) {
            Optional<String> shared = cache.get(path(user)).map(ChildData::getData).filter(d -> d.length > 0)
                    .map(d -> new String(d, StandardCharsets.UTF_8));
            if (shared.isPresent()) {
                return shared;
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

    @Override
    public void close() {
        cache.close();
    }
}
