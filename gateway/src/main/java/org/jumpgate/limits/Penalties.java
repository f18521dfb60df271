package org.jumpgate.limits;

import java.net.InetAddress;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.jumpgate.common.Cidr;
import org.jumpgate.limits.LimitsConfig.NetBlock;
import org.jumpgate.limits.LimitsConfig.PenaltyConfig;
import org.jspecify.annotations.Nullable;

/**
 * Sources refused at accept because their earlier connections ended badly ({@code PerSourcePenalties}).
 * Each bad ending adds its kind's time to its source block's penalty (capped at {@code max}); the
 * block is refused once more than {@code min} is outstanding, until the time has run out.
 */
public interface Penalties {

    /** What a penalised block is told in the log and audit log when its penalty starts. */
    record Activation(Cidr block, Penalty kind, Duration outstanding) {
    }

    /** Told once per penalty, when it starts being enforced (not per refused connection). */
    @FunctionalInterface
    interface Listener {
        void activated(Activation activation);
    }

    /** Why connections from {@code source} are refused now, or null when they are not. */
    @Nullable String refusal(InetAddress source);

    /** Records that a connection from {@code source} ended as {@code kind}. */
    void penalise(InetAddress source, Penalty kind);

    /** Blocks being refused now. */
    int active();

    /**
     * Penalties kept by this gateway alone, in memory, on {@code clock}; {@code exempt} sources (and
     * the config's own exempt list) are never penalised.
     */
    static Penalties local(PenaltyConfig config, NetBlock blocks, List<Cidr> exempt, Clock clock, Listener listener) {
        List<Cidr> fixed = List.copyOf(exempt);
        return local(config, blocks, () -> fixed, clock, listener);
    }

    /** {@link #local(PenaltyConfig, NetBlock, List, Clock, Listener)} with exempt sources that may change (a reload). */
    static Penalties local(PenaltyConfig config, NetBlock blocks, java.util.function.Supplier<List<Cidr>> exempt,
                           Clock clock, Listener listener) {
        return local(config, blocks, exempt, clock, listener, SharedPenalties.none());
    }

    /**
     * {@link #local(PenaltyConfig, NetBlock, java.util.function.Supplier, Clock, Listener)} that also
     * refuses the blocks the fleet's other gateways enforce, and publishes those it enforces.
     */
    static Penalties local(PenaltyConfig config, NetBlock blocks, java.util.function.Supplier<List<Cidr>> exempt,
                           Clock clock, Listener listener, SharedPenalties shared) {
        return new LocalPenalties(config, new Blocks(blocks), exempt, clock, listener, shared);
    }
}
