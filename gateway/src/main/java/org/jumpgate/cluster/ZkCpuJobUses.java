package org.jumpgate.cluster;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;
import org.apache.curator.framework.CuratorFramework;
import org.apache.zookeeper.CreateMode;
import org.apache.zookeeper.KeeperException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link Fleet#cpuJobUses()}: a gateway that uses (or waits for) a user's CPU job lists it as an
 * ephemeral node {@code /cpujobs/USER/JOBID/MEMBER@N} (parents are containers, so nothing is left
 * behind), gone when the use ends or with the gateway's ZooKeeper session (a crashed gateway's
 * uses leave within {@code cluster.sessionTimeout}). Writes go in the background; after a lost
 * session each listing is made again under a new number (the old node may still be held, then
 * dropped, by ZooKeeper for the old session, which Curator gives up on by its own clock) and the
 * old one deleted. A node whose listing was closed before its create completed is deleted by the
 * create's callback, and deletes are guaranteed (retried by Curator until they succeed). Reading
 * the other gateways' uses is one {@code getChildren}, on a worker.
 */
final class ZkCpuJobUses implements CpuJobUses {

    private static final Logger LOG = LoggerFactory.getLogger(ZkCpuJobUses.class);

    static final String ROOT = "/cpujobs";
    /** Between a member's name and its listing's number: never in a {@code cluster.name} (letters, digits, '.', '_', '-'). */
    static final char SEPARATOR = '@';

    private final CuratorFramework client;
    private final BooleanSupplier connected;
    private final String member;
    private final AtomicLong next = new AtomicLong();
    /** This gateway's open listings, written again after a lost session. */
    private final Set<Node> mine = ConcurrentHashMap.newKeySet();

    ZkCpuJobUses(CuratorFramework client, BooleanSupplier connected, String member) {
        this.client = client;
        this.connected = connected;
        this.member = member;
    }

    /** One listing: its node under {@code job}, deleted once when closed. */
    private final class Node implements Listed {
        final String job;
        /** The node now (a new one after each lost session). */
        volatile String path;

        Node(String job) {
            this.job = job;
            this.path = fresh(job);
        }

        @Override
        public void close() {
            if (mine.remove(this)) {
                delete(path);
            }
        }
    }

    private String fresh(String job) {
        return job + "/" + member + SEPARATOR + next.incrementAndGet();
    }

    static String jobPath(String user, String jobId) {
        return ROOT + "/" + URLEncoder.encode(user, StandardCharsets.UTF_8) + "/"
                + URLEncoder.encode(jobId, StandardCharsets.UTF_8);
    }

    @Override
    public Listed list(String user, String jobId) {
        Node n = new Node(jobPath(user, jobId));
        mine.add(n);
        write(n, n.path);
        return n;
    }

    private void write(Node n, String path) {
        if (!connected.getAsBoolean()) {
            return; // written when the store is back (relist)
        }
        try {
            client.create().orSetData().creatingParentContainersIfNeeded().withMode(CreateMode.EPHEMERAL)
                    .inBackground((c, event) -> {
                        if (!mine.contains(n) || !n.path.equals(path)) {
                            delete(path); // closed, or listed again, while its create was under way
                        }
                    }).forPath(path, member.getBytes(StandardCharsets.UTF_8));
        } catch (Exception e) {
            LOG.debug("listing the CPU job use {}: {}", path, e.toString());
        }
    }

    private void delete(String path) {
        try {
            client.delete().quietly().guaranteed().inBackground().forPath(path);
        } catch (Exception e) {
            LOG.debug("unlisting the CPU job use {}: {}", path, e.toString());
        }
    }

    /**
     * Lists this gateway's uses again, each under a new node (after a lost session its ephemeral
     * nodes went, or go when ZooKeeper drops the old session), and deletes the old ones.
     * {@link Fleet} calls it each time the store is reached, once it counts as connected.
     */
    void relist() {
        for (Node n : mine) {
            String old = n.path;
            String now = fresh(n.job);
            n.path = now;
            write(n, now);
            delete(old);
        }
    }

    @Override
    public boolean usedElsewhere(String user, String jobId) throws StoreUnavailableException {
        if (!connected.getAsBoolean()) {
            throw new StoreUnavailableException("the fleet's ZooKeeper cannot be reached");
        }
        List<String> uses;
        try {
            uses = client.getChildren().forPath(jobPath(user, jobId));
        } catch (KeeperException.NoNodeException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StoreUnavailableException("interrupted while asking the fleet's ZooKeeper");
        } catch (Exception e) {
            throw new StoreUnavailableException("the fleet's ZooKeeper did not answer (" + e + ")");
        }
        String own = member + SEPARATOR;
        return uses.stream().anyMatch(u -> !u.startsWith(own));
    }

    @Override
    public boolean shared() {
        return true;
    }
}
