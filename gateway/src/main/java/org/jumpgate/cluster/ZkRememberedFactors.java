package org.jumpgate.cluster;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.function.BooleanSupplier;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.recipes.cache.ChildData;
import org.apache.curator.framework.recipes.cache.CuratorCache;
import org.apache.sshd.server.session.ServerSession;
import org.apache.zookeeper.CreateMode;
import org.apache.zookeeper.KeeperException;
import org.jumpgate.auth.RememberedFactors;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Remembered second factors shared by the fleet: {@code /remembered/USER/KEY ADDRESS} holds the
 * time until which that key from that address skips the code (a TTL node, gone after it), so a
 * code given through one gateway is remembered by all; forgetting a user deletes their node on
 * every gateway at once. Whether a key is covered is read from a watched copy of
 * {@code /remembered} in this JVM (the key step runs on an I/O thread: it never waits on
 * ZooKeeper). While the store cannot be reached nothing is skipped (codes are asked):
 * remembering fails closed.
 */
final class ZkRememberedFactors implements RememberedFactors, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ZkRememberedFactors.class);

    private final CuratorFramework client;
    private final BooleanSupplier connected;
    private final Duration ttl;
    private final Clock clock;
    private final CuratorCache cache;

    ZkRememberedFactors(CuratorFramework client, BooleanSupplier connected, Duration ttl, Clock clock) {
        this.client = client;
        this.connected = connected;
        this.ttl = ttl;
        this.clock = clock;
        this.cache = CuratorCache.build(client, "/remembered");
        cache.start();
    }

    private static String userPath(String user) {
        return "/remembered/" + URLEncoder.encode(user, StandardCharsets.UTF_8);
    }

    private static @Nullable String key(ServerSession session) {
        String key = RememberedFactors.keyOf(session);
        return key == null ? null : URLEncoder.encode(key, StandardCharsets.UTF_8);
    }

    @Override
    public boolean covers(ServerSession session, String user) {
        String key = key(session);
        if (key == null || !connected.getAsBoolean()) {
            return false;
        }
        return cache.get(userPath(user) + "/" + key).map(ChildData::getData).map(until -> {
            try {
                return clock.millis() < Long.parseLong(new String(until, StandardCharsets.US_ASCII));
            } catch (NumberFormatException e) {
                LOG.debug("remembered second factor of {}: {}", user, e.toString());
                return false;
            }
        }).orElse(false);
    }

    @Override
    public void remember(ServerSession session, String user) {
        String key = key(session);
        if (key == null || !connected.getAsBoolean()) {
            return;
        }
        byte[] until = Long.toString(clock.millis() + ttl.toMillis()).getBytes(StandardCharsets.US_ASCII);
        try {
            client.create().orSetData().withTtl(ttl.toMillis()).creatingParentContainersIfNeeded()
                    .withMode(CreateMode.PERSISTENT_WITH_TTL).forPath(userPath(user) + "/" + key, until);
        } catch (Exception e) {
            LOG.warn("could not remember {}'s second factor in the fleet ({}): the next connection asks", user,
                    e.toString());
        }
    }

    @Override
    public void close() {
        cache.close();
    }

    @Override
    public boolean forget(String user) {
        if (!connected.getAsBoolean()) {
            throw new IllegalStateException("the fleet's ZooKeeper cannot be reached: nothing is skipped meanwhile"
                    + " (codes are asked); forget again when it is back");
        }
        try {
            client.delete().deletingChildrenIfNeeded().forPath(userPath(user));
            return true;
        } catch (KeeperException.NoNodeException e) {
            return false;
        } catch (Exception e) {
            throw new IllegalStateException("the fleet's ZooKeeper did not take the change (" + e.getMessage() + ")");
        }
    }
}
