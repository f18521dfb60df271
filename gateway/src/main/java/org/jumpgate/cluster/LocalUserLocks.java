package org.jumpgate.cluster;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * {@link UserLocks#local()}: one binary semaphore per user (not thread-owned, so a hold may be
 * released by another thread than the one that took it), dropped when nobody holds or waits.
 */
final class LocalUserLocks implements UserLocks {

    private final Map<String, Entry> entries = new ConcurrentHashMap<>();

    /** A user's semaphore and how many hold or wait for it (guarded by the map's compute). */
    private static final class Entry {
        final Semaphore semaphore = new Semaphore(1);
        int users;
    }

    @Override
    public Held acquire(String user, Duration wait) throws TimeoutException, InterruptedException {
        Entry entry = entries.compute(user, (u, e) -> {
            Entry in = e != null ? e : new Entry();
            in.users++;
            return in;
        });
        boolean taken = false;
        try {
            taken = entry.semaphore.tryAcquire(wait.toNanos(), TimeUnit.NANOSECONDS);
            if (!taken) {
                throw new TimeoutException("the lock of user " + user + " was held for longer than " + wait);
            }
        } finally {
            if (!taken) {
                leave(user);
            }
        }
        AtomicBoolean released = new AtomicBoolean();
        return () -> {
            if (released.compareAndSet(false, true)) {
                entry.semaphore.release();
                leave(user);
            }
        };
    }

    private void leave(String user) {
        entries.computeIfPresent(user, (u, e) -> --e.users == 0 ? null : e);
    }

    /** Users with a lock held or waited for now (for tests). */
    int size() {
        return entries.size();
    }
}
