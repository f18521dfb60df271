package org.jumpgate.auth;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Ticker;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import org.jspecify.annotations.Nullable;

/**
 * Stops guessing of one-time codes by whoever holds a user's key: after {@link #MAX_WRONG_CODES}
 * wrong codes for a user within {@link #WINDOW}, that user's codes are refused for
 * {@link #LOCK}, from whatever source. Only someone with the user's key reaches the code step,
 * so this cannot be used to lock others out. A right code forgets the user's wrong ones. In a fleet
 * a lock is published ({@link SharedLockouts}) and kept by every gateway; the wrong codes that lead
 * to it are counted by each gateway on its own.
 */
final class CodeLockout {

    static final int MAX_WRONG_CODES = 5;
    static final Duration WINDOW = Duration.ofMinutes(10);
    static final Duration LOCK = Duration.ofMinutes(5);
    /** Users remembered at most (each needed their key to get here). */
    static final long MAX_USERS = 100_000;

    /** One user's recent wrong codes and lock. */
    private static final class Record {
        final Deque<Instant> wrong = new ArrayDeque<>();
        @Nullable Instant lockedUntil;
    }

    private final Clock clock;
    private final SharedLockouts shared;
    private final Cache<String, Record> users;

    CodeLockout(Clock clock) {
        this(clock, SharedLockouts.none());
    }

    /** Lockouts that are also {@code shared} with the fleet: a lock here is published, one there is kept. */
    CodeLockout(Clock clock, SharedLockouts shared) {
        this.clock = clock;
        this.shared = shared;
        Ticker ticker = () -> clock.millis() * 1_000_000L;
        this.users = Caffeine.newBuilder().ticker(ticker).expireAfterAccess(WINDOW.plus(LOCK))
                .maximumSize(MAX_USERS).build();
    }

    /** How long {@code user}'s codes are still refused, or null when they are not. */
    @Nullable Duration lockedFor(String user) {
        Instant now = clock.instant();
        Record r = users.getIfPresent(user);
        if (r != null) {
            synchronized (r) {
                if (r.lockedUntil != null && now.isBefore(r.lockedUntil)) {
                    return Duration.between(now, r.lockedUntil);
                }
            }
        }
        Instant elsewhere = shared.lockedUntil(user);
        return elsewhere != null && now.isBefore(elsewhere) ? Duration.between(now, elsewhere) : null;
    }

    /** Counts a wrong code; true when it is the one that locks the user's codes. */
    boolean wrongCode(String user) {
        Record r = users.get(user, u -> new Record());
        Instant locked;
        synchronized (r) {
            Instant now = clock.instant();
            r.wrong.addLast(now);
            while (!r.wrong.isEmpty() && !r.wrong.peekFirst().isAfter(now.minus(WINDOW))) {
                r.wrong.removeFirst();
            }
            if (r.wrong.size() < MAX_WRONG_CODES || r.lockedUntil != null && now.isBefore(r.lockedUntil)) {
                return false;
            }
            r.lockedUntil = now.plus(LOCK);
            r.wrong.clear();
            locked = r.lockedUntil;
        }
        shared.publish(user, locked, LOCK);
        return true;
    }

    /** A right code: the user's wrong ones are forgotten. */
    void rightCode(String user) {
        users.invalidate(user);
    }
}
