package org.jumpgate.cluster;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.recipes.locks.InterProcessSemaphoreMutex;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link Fleet#userLocks()}: a user's lock is a Curator {@link InterProcessSemaphoreMutex} under
 * {@code /locks/USER} (not thread-owned, so a hold may be released from another thread), taken
 * only after this gateway's own lock for the user, so the gateway's concurrent callers queue
 * locally and ZooKeeper sees one contender per gateway. While the store cannot be reached the
 * local lock alone decides (logged): work is never refused because ZooKeeper is away.
 */
final class ZkUserLocks implements UserLocks {

    private static final Logger LOG = LoggerFactory.getLogger(ZkUserLocks.class);

    private final CuratorFramework client;
    private final BooleanSupplier connected;
    private final UserLocks local = UserLocks.local();

    ZkUserLocks(CuratorFramework client, BooleanSupplier connected) {
        this.client = client;
        this.connected = connected;
    }

    @Override
    public Held acquire(String user, Duration wait) throws TimeoutException, InterruptedException {
        long deadline = System.nanoTime() + wait.toNanos();
        Held mine = local.acquire(user, wait);
        if (!connected.getAsBoolean()) {
            LOG.warn("the fleet's store is away: user {}'s lock is held by this gateway alone", user);
            return mine;
        }
        InterProcessSemaphoreMutex shared = new InterProcessSemaphoreMutex(client,
                "/locks/" + URLEncoder.encode(user, StandardCharsets.UTF_8));
        boolean taken = false;
        try {
            taken = shared.acquire(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            mine.close();
            throw e;
        } catch (Exception e) {
            LOG.warn("the fleet's lock of user {} did not answer ({}): held by this gateway alone", user, e.toString());
            return mine;
        }
        if (!taken) {
            mine.close();
            throw new TimeoutException("another gateway held the lock of user " + user + " for longer than " + wait);
        }
        AtomicBoolean released = new AtomicBoolean();
        return () -> {
            if (released.compareAndSet(false, true)) {
                try {
                    shared.release();
                } catch (Exception e) {
                    LOG.warn("releasing the fleet's lock of user {}: {} (it goes with this gateway's session)",
                            user, e.toString());
                } finally {
                    mine.close();
                }
            }
        };
    }
}
