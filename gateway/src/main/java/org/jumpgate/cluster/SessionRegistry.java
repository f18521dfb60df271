package org.jumpgate.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BiConsumer;
import java.util.function.BooleanSupplier;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.recipes.cache.ChildData;
import org.apache.curator.framework.recipes.cache.CuratorCache;
import org.apache.curator.framework.recipes.cache.CuratorCacheListener;
import org.apache.zookeeper.CreateMode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The fleet's user connections: each gateway lists its own as ephemeral nodes
 * {@code /sessions/MEMBER/ID} (gone with the gateway's ZooKeeper session, so a dead gateway's
 * connections leave the list within {@code cluster.sessionTimeout}), and any gateway may ask
 * for one to be ended by writing {@code /kills/MEMBER/ID}, which its owner watches, acts on and
 * removes. Writes go in the background; while the store cannot be reached the list is this
 * gateway's alone, and a gateway that comes back lists its connections again.
 */
public final class SessionRegistry implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(SessionRegistry.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    /** One connection of some gateway of the fleet, as that gateway listed it. */
    public record Entry(String member, String id, String user, String source, String startedAt) {
    }

    private final CuratorFramework client;
    private final BooleanSupplier connected;
    private final String member;
    private final CuratorCache sessions;
    private final CuratorCache kills;
    private final Map<String, Entry> mine = new ConcurrentHashMap<>();

    SessionRegistry(CuratorFramework client, BooleanSupplier connected, String member,
                    BiConsumer<String, String> kill) {
        this.client = client;
        this.connected = connected;
        this.member = member;
        this.sessions = CuratorCache.build(client, "/sessions");
        this.kills = CuratorCache.build(client, "/kills/" + member);
        kills.listenable().addListener(CuratorCacheListener.builder().forCreates(node -> {
            String path = node.getPath();
            String id = path.substring(path.lastIndexOf('/') + 1);
            if (path.equals("/kills/" + member)) {
                return;
            }
            String reason = node.getData() == null || node.getData().length == 0 ? null
                    : new String(node.getData(), StandardCharsets.UTF_8);
            kill.accept(id, reason);
            try {
                client.delete().quietly().inBackground().forPath(path);
            } catch (Exception e) {
                LOG.debug("removing the kill request {}: {}", path, e.toString());
            }
        }).build());
        sessions.start();
        kills.start();
    }

    /** Lists one of this gateway's connections for the fleet. */
    public void add(String id, String user, String source, String startedAt) {
        Entry e = new Entry(member, id, user, source, startedAt);
        mine.put(id, e);
        write(e);
    }

    /** Takes one of this gateway's connections off the list. */
    public void remove(String id) {
        if (mine.remove(id) != null && connected.getAsBoolean()) {
            try {
                client.delete().quietly().inBackground().forPath(path(member, id));
            } catch (Exception e) {
                LOG.debug("unlisting {}: {}", id, e.toString());
            }
        }
    }

    /**
     * Lists this gateway's connections again (after its ZooKeeper session was lost, its ephemeral
     * nodes went). {@link Fleet} calls it each time the store is reached, once it counts as connected.
     */
    void relist() {
        mine.values().forEach(this::write);
    }

    private void write(Entry e) {
        if (!connected.getAsBoolean()) {
            return;
        }
        try {
            byte[] data = JSON.createObjectNode().put("user", e.user()).put("source", e.source())
                    .put("startedAt", e.startedAt()).toString().getBytes(StandardCharsets.UTF_8);
            client.create().orSetData().creatingParentContainersIfNeeded().withMode(CreateMode.EPHEMERAL)
                    .inBackground().forPath(path(e.member(), e.id()), data);
        } catch (Exception x) {
            LOG.debug("listing {}: {}", e.id(), x.toString());
        }
    }

    private static String path(String member, String id) {
        return "/sessions/" + member + "/" + id;
    }

    /** The other gateways' connections as listed in the store (this gateway's own are not included). */
    public List<Entry> others() {
        List<Entry> out = new ArrayList<>();
        if (!connected.getAsBoolean()) {
            return out;
        }
        for (ChildData d : sessions.stream().toList()) {
            String[] p = d.getPath().split("/");
            if (p.length != 4 || p[2].equals(member) || d.getData() == null) {
                continue;
            }
            try {
                JsonNode n = JSON.readTree(d.getData());
                out.add(new Entry(p[2], p[3], n.path("user").asText(null), n.path("source").asText(null),
                        n.path("startedAt").asText(null)));
            } catch (java.io.IOException e) {
                LOG.debug("unreadable session entry {}: {}", d.getPath(), e.toString());
            }
        }
        return out;
    }

    /**
     * Asks the gateway holding connection {@code id} to end it (with {@code reason}); false when
     * no other gateway lists it.
     *
     * @throws StoreUnavailableException while the store cannot be reached
     */
    public boolean requestKill(String id, String reason) throws StoreUnavailableException {
        if (!connected.getAsBoolean()) {
            throw new StoreUnavailableException("the fleet's ZooKeeper cannot be reached: a session of another"
                    + " gateway cannot be ended from here now; try again when it is back, or on its gateway");
        }
        for (Entry e : others()) {
            if (e.id().equals(id)) {
                try {
                    client.create().creatingParentContainersIfNeeded().withMode(CreateMode.PERSISTENT)
                            .forPath("/kills/" + e.member() + "/" + id,
                                    reason == null ? new byte[0] : reason.getBytes(StandardCharsets.UTF_8));
                    return true;
                } catch (org.apache.zookeeper.KeeperException.NodeExistsException already) {
                    return true;
                } catch (Exception x) {
                    throw new StoreUnavailableException("the fleet's ZooKeeper did not take the request ("
                            + x.getMessage() + ")");
                }
            }
        }
        return false;
    }

    @Override
    public void close() {
        kills.close();
        sessions.close();
    }
}
