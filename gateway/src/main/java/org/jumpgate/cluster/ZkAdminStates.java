package org.jumpgate.cluster;

import java.io.IOException;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.recipes.cache.ChildData;
import org.apache.curator.framework.recipes.cache.CuratorCache;
import org.apache.curator.framework.recipes.cache.CuratorCacheListener;
import org.apache.zookeeper.KeeperException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Drains in ZooKeeper: a persistent node {@code /drained/NAME} per drained login node, watched
 * (Curator's cache) so every gateway applies a change within about a second, and kept across
 * restarts of every gateway. A change is refused while the store cannot be reached: a drain
 * that only this gateway knew would be undone by the others.
 */
final class ZkAdminStates implements AdminStates {

    private static final Logger LOG = LoggerFactory.getLogger(ZkAdminStates.class);
    static final String ROOT = "/drained";

    private final CuratorFramework client;
    private final BooleanSupplier connected;
    private final CuratorCache cache;
    private final List<Consumer<Set<String>>> listeners = new CopyOnWriteArrayList<>();

    private ZkAdminStates(CuratorFramework client, BooleanSupplier connected) {
        this.client = client;
        this.connected = connected;
        this.cache = CuratorCache.build(client, ROOT);
        cache.listenable().addListener(CuratorCacheListener.builder()
                .forAll((type, before, after) -> {
                    Set<String> now = drained();
                    listeners.forEach(l -> l.accept(now));
                }).build());
        cache.start();
    }

    static ZkAdminStates start(CuratorFramework client, BooleanSupplier connected) {
        return new ZkAdminStates(client, connected);
    }

    @Override
    public void setDrained(String backend, boolean drained) throws IOException {
        if (!connected.getAsBoolean()) {
            throw new StoreUnavailableException("the fleet's ZooKeeper cannot be reached: a "
                    + (drained ? "drain" : "undrain") + " now would not reach the other gateways; try again when"
                    + " it is back (jumpgate admin cluster)");
        }
        String path = ROOT + "/" + backend;
        try {
            if (drained) {
                client.create().creatingParentContainersIfNeeded().forPath(path);
            } else {
                client.delete().forPath(path);
            }
        } catch (KeeperException.NodeExistsException | KeeperException.NoNodeException e) {
            // already so
        } catch (Exception e) {
            throw new StoreUnavailableException("the fleet's ZooKeeper did not take the change (" + e.getMessage()
                    + "); nothing was changed");
        }
    }

    @Override
    public Set<String> drained() {
        Set<String> out = new TreeSet<>();
        cache.stream().map(ChildData::getPath).filter(p -> p.startsWith(ROOT + "/"))
                .map(p -> p.substring(ROOT.length() + 1)).forEach(out::add);
        return out;
    }

    @Override
    public void onChange(Consumer<Set<String>> listener) {
        listeners.add(listener);
    }

    @Override
    public void close() {
        listeners.clear();
        try {
            cache.close();
        } catch (RuntimeException e) {
            LOG.debug("closing the drain cache: {}", e.toString());
        }
    }
}
