package org.jumpgate.limits;

import java.net.InetAddress;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.jumpgate.common.Cidr;
import org.jumpgate.limits.LimitsConfig.PenaltyConfig;
import org.jspecify.annotations.Nullable;

/**
 * {@link Penalties} in this JVM, with OpenSSH 9.8's rules ({@code srclimit.c}): a new entry is
 * enforced at once if its time alone is more than {@code min}; a repeated one adds its time to
 * the expiry, caps it at now + {@code max}, and is enforced once more than {@code min} remains.
 * At most {@link #MAX_SOURCES} blocks are remembered; past that the soonest to expire is
 * forgotten (OpenSSH's permissive overflow), so a flood of addresses cannot grow memory. A block
 * enforced here is published to the fleet ({@link SharedPenalties}), and one the fleet enforces is
 * refused here too.
 */
final class LocalPenalties implements Penalties {

    /** Blocks remembered at most (OpenSSH's {@code max-sources4} default). */
    static final int MAX_SOURCES = 65536;

    private static final class Entry {
        final Cidr block;
        final long seq;
        long expiryMillis;
        boolean active;
        Penalty last;

        Entry(Cidr block, long seq, long expiryMillis, Penalty last) {
            this.block = block;
            this.seq = seq;
            this.expiryMillis = expiryMillis;
            this.last = last;
        }
    }

    private final PenaltyConfig config;
    private final Blocks blocks;
    private final List<Cidr> exempt;
    private final java.util.function.Supplier<List<Cidr>> alsoExempt;
    private final Clock clock;
    private final Listener listener;
    private final SharedPenalties shared;
    private final Map<Cidr, Entry> byBlock = new HashMap<>();
    private final TreeSet<Entry> byExpiry = new TreeSet<>(Comparator.<Entry>comparingLong(e -> e.expiryMillis)
            .thenComparingLong(e -> e.seq));
    private long entries;

    LocalPenalties(PenaltyConfig config, Blocks blocks, java.util.function.Supplier<List<Cidr>> alsoExempt, Clock clock,
                   Listener listener, SharedPenalties shared) {
        this.shared = shared;
        this.config = config;
        this.blocks = blocks;
        this.exempt = List.copyOf(new ArrayList<>(config.exempt()));
        this.alsoExempt = alsoExempt;
        this.clock = clock;
        this.listener = listener;
    }

    @Override
    public @Nullable String refusal(InetAddress source) {
        if (exempt(source)) {
            return null;
        }
        synchronized (this) {
            long now = clock.millis();
            expire(now);
            Cidr block = blocks.of(source);
            Entry e = byBlock.get(block);
            if (e != null && e.active) {
                return refusal(e.last.reason(), e.expiryMillis, now);
            }
            SharedPenalties.Published other = shared.find(block);
            if (other != null && other.untilMillis() > now) {
                return refusal(other.reason(), other.untilMillis(), now);
            }
            return null;
        }
    }

    private static String refusal(String reason, long untilMillis, long now) {
        return "penalty: " + reason + " (" + Duration.ofMillis(untilMillis - now).toSeconds() + " s left)";
    }

    @Override
    public void penalise(InetAddress source, Penalty kind) {
        long add = config.of(kind).toMillis();
        if (add <= 0 || exempt(source)) {
            return;
        }
        Activation started = null;
        Cidr enforced = null;
        long until = 0;
        synchronized (this) {
            long now = clock.millis();
            expire(now);
            Cidr block = blocks.of(source);
            Entry e = byBlock.get(block);
            if (e == null) {
                e = new Entry(block, entries++, now + add, kind);
                e.active = add > config.min().toMillis();
                if (e.active) {
                    started = new Activation(block, kind, Duration.ofMillis(add));
                }
                byBlock.put(block, e);
                byExpiry.add(e);
                while (byBlock.size() > MAX_SOURCES) {
                    Entry soonest = byExpiry.pollFirst();
                    byBlock.remove(soonest.block);
                }
            } else {
                byExpiry.remove(e);
                e.expiryMillis = Math.min(e.expiryMillis + add, now + config.max().toMillis());
                e.last = kind;
                if (!e.active && e.expiryMillis - now > config.min().toMillis()) {
                    e.active = true;
                    started = new Activation(block, kind, Duration.ofMillis(e.expiryMillis - now));
                }
                byExpiry.add(e);
            }
            if (e.active) {
                enforced = block;
                until = e.expiryMillis;
            }
        }
        if (enforced != null) {
            shared.publish(enforced, until, kind.reason(), config.max());
        }
        if (started != null) {
            listener.activated(started);
        }
    }

    @Override
    public synchronized int active() {
        expire(clock.millis());
        return (int) byBlock.values().stream().filter(e -> e.active).count();
    }

    private boolean exempt(InetAddress source) {
        for (Cidr c : exempt) {
            if (c.contains(source)) {
                return true;
            }
        }
        for (Cidr c : alsoExempt.get()) {
            if (c.contains(source)) {
                return true;
            }
        }
        return false;
    }

    private void expire(long now) {
        while (!byExpiry.isEmpty() && byExpiry.first().expiryMillis < now) {
            byBlock.remove(byExpiry.pollFirst().block);
        }
    }
}
