package org.jumpgate.cluster;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BiConsumer;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.CuratorFrameworkFactory;
import org.apache.curator.framework.recipes.nodes.PersistentNode;
import org.apache.curator.framework.state.ConnectionState;
import org.apache.curator.retry.BoundedExponentialBackoffRetry;
import org.apache.zookeeper.CreateMode;
import org.jumpgate.audit.AuditEvent;
import org.jumpgate.audit.AuditLog;
import org.jumpgate.auth.RememberedFactors;
import org.jumpgate.auth.SharedLockouts;
import org.jumpgate.auth.UsedCodes;
import org.jumpgate.balancer.affinity.Affinity;
import org.jumpgate.config.ClusterConfig;
import org.jumpgate.limits.SharedPenalties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * This gateway's place in the fleet: one Curator client on {@code cluster.zookeeper}, this
 * gateway's membership (an ephemeral node, made again after a lost session), and the shared
 * state built on it. Starting never waits for ZooKeeper: until it answers, and whenever it stops
 * answering, the gateway works on its own state ({@link #connected()} false, logged and audited
 * once per loss, {@code jumpgate_cluster_connected 0}).
 */
public final class Fleet implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Fleet.class);

    /** Retries of one ZooKeeper operation: short, so a login never waits long on a store that went away. */
    static final int RETRY_BASE_MS = 100;
    static final int RETRY_MAX_MS = 1000;
    static final int RETRIES = 2;
    /** How long ZooKeeper may take to accept the connection itself. */
    static final int CONNECT_TIMEOUT_MS = 5000;

    private final CuratorFramework client;
    private final PersistentNode membership;
    private final String member;
    private final AtomicBoolean connected = new AtomicBoolean();
    private final AtomicBoolean everConnected = new AtomicBoolean();
    /** The watched copies of shared state made for this gateway, closed before the client. */
    private final List<AutoCloseable> watches = new CopyOnWriteArrayList<>();
    /**
     * What is written again each time the store is reached (lists of this gateway's own), run by
     * {@link #changed} after {@link #connected} is true: Curator gives its listeners no order.
     */
    private final List<Runnable> onConnected = new CopyOnWriteArrayList<>();
    /** Where work on reconnect that waits on ZooKeeper runs (the write-back of codes accepted alone). */
    private final ExecutorService background = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "jumpgate-fleet-writeback");
        t.setDaemon(true);
        return t;
    });

    private Fleet(ClusterConfig config, String member, AuditLog audit, MeterRegistry registry) {
        this.member = member;
        this.client = CuratorFrameworkFactory.builder()
                .connectString(config.zookeeper())
                .namespace(config.curatorNamespace())
                .sessionTimeoutMs((int) config.sessionTimeout().toMillis())
                .connectionTimeoutMs(CONNECT_TIMEOUT_MS)
                .retryPolicy(new BoundedExponentialBackoffRetry(RETRY_BASE_MS, RETRY_MAX_MS, RETRIES))
                .build();
        client.getConnectionStateListenable().addListener((c, state) -> changed(state, audit, config));
        Gauge.builder("jumpgate.cluster.connected", connected, b -> b.get() ? 1 : 0)
                .description("1 while this gateway reaches the fleet's ZooKeeper, 0 while it works on its own state")
                .register(registry);
        client.start();
        membership = new PersistentNode(client, CreateMode.EPHEMERAL, false, "/members/" + member,
                member.getBytes(StandardCharsets.UTF_8));
        membership.start();
    }

    /** Joins the fleet of {@code config} as {@code member} (this gateway's name); returns at once. */
    public static Fleet start(ClusterConfig config, String member, AuditLog audit, MeterRegistry registry) {
        return new Fleet(config, member, audit, registry);
    }

    private void changed(ConnectionState state, AuditLog audit, ClusterConfig config) {
        boolean up = state.isConnected();
        if (connected.getAndSet(up) == up) {
            return;
        }
        if (up) {
            boolean first = !everConnected.getAndSet(true);
            LOG.info("{} the fleet's ZooKeeper {} as {}", first ? "joined" : "back on", config.zookeeper(), member);
            if (!first) {
                audit.record(new AuditEvent.ClusterRegained(member));
            }
            onConnected.forEach(Runnable::run);
        } else {
            LOG.warn("lost the fleet's ZooKeeper {} ({}): working on this gateway's own state until it is back",
                    config.zookeeper(), state);
            audit.record(new AuditEvent.ClusterLost(member, state.toString()));
        }
    }

    /** True while ZooKeeper answers. */
    public boolean connected() {
        return connected.get();
    }

    public String member() {
        return member;
    }

    /** The store's connect string. */
    public String store() {
        return client.getZookeeperClient().getCurrentConnectionString();
    }

    /** The gateways of the fleet now, sorted; empty while the store cannot be reached. */
    public List<String> members() {
        if (!connected()) {
            return List.of();
        }
        try {
            return client.getChildren().forPath("/members").stream().sorted().toList();
        } catch (Exception e) {
            return List.of();
        }
    }

    /** Accepted code steps shared by the fleet; {@code local} while the store cannot be reached. */
    public UsedCodes usedCodes(UsedCodes local) {
        ZkUsedCodes codes = new ZkUsedCodes(client, this::connected, local);
        onConnected.add(() -> {
            try {
                background.execute(codes::writeBack);
            } catch (RejectedExecutionException e) {
                // closing: nothing to write back to
            }
        });
        return codes;
    }

    /** User affinity shared by the fleet ({@code local} while the store cannot be reached). */
    public Affinity affinity(Affinity local, Duration ttl) {
        ZkAffinity affinity = new ZkAffinity(client, this::connected, local, ttl);
        watches.add(affinity);
        return affinity;
    }

    /** Remembered second factors shared by the fleet (none skipped while the store cannot be reached). */
    public RememberedFactors rememberedFactors(Duration ttl, Clock clock) {
        ZkRememberedFactors remembered = new ZkRememberedFactors(client, this::connected, ttl, clock);
        watches.add(remembered);
        return remembered;
    }

    /**
     * The fleet's list of user connections; {@code kill} ends one of this gateway's (id, reason)
     * when another gateway asks.
     */
    public SessionRegistry sessions(BiConsumer<String, String> kill) {
        SessionRegistry r = new SessionRegistry(client, this::connected, member, kill);
        onConnected.add(r::relist);
        return r;
    }

    /** Per-user locks held across the fleet (this gateway's alone while the store cannot be reached). */
    public UserLocks userLocks() {
        return new ZkUserLocks(client, this::connected);
    }

    /**
     * Which gateways use each user's CPU job: this gateway's uses listed as ephemeral nodes, made
     * again after a lost session; another gateway's read on demand (unknown while the store
     * cannot be reached).
     */
    public CpuJobUses cpuJobUses() {
        ZkCpuJobUses uses = new ZkCpuJobUses(client, this::connected, member);
        onConnected.add(uses::relist);
        return uses;
    }

    /** Per-source penalties shared by the fleet (this gateway's own alone while the store cannot be reached). */
    public SharedPenalties penalties() {
        ZkPenalties penalties = new ZkPenalties(new TtlNodes(client, this::connected, ZkPenalties.ROOT));
        watches.add(penalties);
        return penalties;
    }

    /** Wrong-code lockouts shared by the fleet (this gateway's own alone while the store cannot be reached). */
    public SharedLockouts lockouts() {
        ZkLockouts lockouts = new ZkLockouts(new TtlNodes(client, this::connected, ZkLockouts.ROOT));
        watches.add(lockouts);
        return lockouts;
    }

    /** Drains shared by the fleet, persisted in ZooKeeper. */
    public AdminStates adminStates() {
        return ZkAdminStates.start(client, this::connected);
    }

    CuratorFramework client() {
        return client;
    }

    /** Leaves the fleet (the membership node goes at once) and closes the client. */
    @Override
    public void close() {
        for (AutoCloseable w : watches) {
            try {
                w.close();
            } catch (Exception e) {
                LOG.debug("closing a watch of the fleet: {}", e.toString());
            }
        }
        try {
            membership.close();
        } catch (IOException e) {
            LOG.debug("leaving the fleet: {}", e.toString());
        }
        background.shutdownNow();
        client.close();
    }
}
