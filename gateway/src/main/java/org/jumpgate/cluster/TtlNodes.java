package org.jumpgate.cluster;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.function.BooleanSupplier;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.recipes.cache.ChildData;
import org.apache.curator.framework.recipes.cache.CuratorCache;
import org.apache.zookeeper.CreateMode;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Short-lived facts the fleet shares, one TTL node per key under {@code root} (so nothing is left
 * behind): read from a watched copy in this JVM, written in the background, so neither ever waits
 * on ZooKeeper (callers run on I/O threads). While the store cannot be reached nothing is read and
 * nothing written.
 */
final class TtlNodes implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(TtlNodes.class);
    /** How much longer than asked a node is kept, so it outlives the fact it holds on a loaded store. */
    static final Duration MARGIN = Duration.ofSeconds(30);

    private final CuratorFramework client;
    private final BooleanSupplier connected;
    private final String root;
    private final CuratorCache cache;

    TtlNodes(CuratorFramework client, BooleanSupplier connected, String root) {
        this.client = client;
        this.connected = connected;
        this.root = root;
        this.cache = CuratorCache.build(client, root);
        cache.start();
    }

    private String path(String key) {
        return root + "/" + URLEncoder.encode(key, StandardCharsets.UTF_8);
    }

    /** The value under {@code key} as last seen, or null (none, or the store is away). */
    @Nullable String get(String key) {
        if (!connected.getAsBoolean()) {
            return null;
        }
        return cache.get(path(key)).map(ChildData::getData).filter(d -> d != null && d.length > 0)
                .map(d -> new String(d, StandardCharsets.UTF_8)).orElse(null);
    }

    /** Sets {@code key} to {@code value}, kept at least {@code keep} after this write; returns at once. */
    void put(String key, String value, Duration keep) {
        if (!connected.getAsBoolean()) {
            return;
        }
        try {
            client.create().orSetData().withTtl(keep.plus(MARGIN).toMillis()).creatingParentContainersIfNeeded()
                    .withMode(CreateMode.PERSISTENT_WITH_TTL).inBackground()
                    .forPath(path(key), value.getBytes(StandardCharsets.UTF_8));
        } catch (Exception e) {
            LOG.debug("{} of {} to the fleet: {}", root, key, e.toString());
        }
    }

    /** How many keys the watched copy holds now. */
    int size() {
        return cache.size();
    }

    @Override
    public void close() {
        cache.close();
    }
}
