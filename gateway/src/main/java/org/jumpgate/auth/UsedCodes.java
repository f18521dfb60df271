package org.jumpgate.auth;

import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The last one-time-code step accepted per user, so a code is accepted once: by this gateway
 * ({@link #local()}), or by the whole fleet when gateways share a store. A step at or before
 * the last accepted one is a replay.
 */
public interface UsedCodes {

    /** Records {@code step} as {@code user}'s last accepted one; false (a replay) when it is not after the last. */
    boolean accept(String user, long step);

    /** The last step accepted for {@code user}, if any is remembered. */
    OptionalLong last(String user);

    /** Forgets steps before {@code oldest}: they can no longer be replayed (outside the skew window). */
    void prune(long oldest);

    /** Kept by this gateway alone, in memory. */
    static UsedCodes local() {
        return new Local();
    }

    /** See {@link #local()}. */
    final class Local implements UsedCodes {
        private final Map<String, Long> last = new ConcurrentHashMap<>();

        @Override
        public boolean accept(String user, long step) {
            boolean[] replay = new boolean[1];
            last.compute(user, (u, before) -> {
                if (before != null && step <= before) {
                    replay[0] = true;
                    return before;
                }
                return step;
            });
            return !replay[0];
        }

        @Override
        public OptionalLong last(String user) {
            Long s = last.get(user);
            return s == null ? OptionalLong.empty() : OptionalLong.of(s);
        }

        @Override
        public void prune(long oldest) {
            last.values().removeIf(s -> s < oldest);
        }
    }
}
