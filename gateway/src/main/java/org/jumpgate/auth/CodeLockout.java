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
 * so this cannot be used to lock others out. A right code forgets the user's wrong ones.
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
    private final Cache<String, Record> users;

    CodeLockout(Clock clock) {
        this.clock = clock;
        Ticker ticker = () -> clock.millis() * 1_000_000L;
        this.users = Caffeine.newBuilder().ticker(ticker).expireAfterAccess(WINDOW.plus(LOCK))
                .maximumSize(MAX_USERS).build();
    }

    /** How long {@code user}'s codes are still refused, or null when they are not. */
    @Nullable Duration lockedFor(String user) {
        Record r = users.getIfPresent(user);
        if (r == null) {
            return null;
        }
        synchronized (r) {
            Instant now = clock.instant();
            if (r.lockedUntil == null || !now.isBefore(r.lockedUntil)) {
                return null;
            }
            return Duration.between(now, r.lockedUntil);
        }
    }

    /** Counts a wrong code; true when it is the one that locks the user's codes. */
    boolean wrongCode(String user) {
        Record r = users.get(user, u -> new Record());
        synchronized (r) {
            Instant now = clock.instant();
            r.wrong.addLast(now);
            while (!r.wrong.isEmpty() && !r.wrong.peekFirst().isAfter(now.minus(WINDOW))) {
                r.wrong.removeFirst();
            }
            if (r.wrong.size() >= MAX_WRONG_CODES && (r.lockedUntil == null || !now.isBefore(r.lockedUntil))) {
                r.lockedUntil = now.plus(LOCK);
                r.wrong.clear();
                return true;
            }
            return false;
        }
    }

    /** A right code: the user's wrong ones are forgotten. */
    void rightCode(String user) {
        users.invalidate(user);
    }
}
