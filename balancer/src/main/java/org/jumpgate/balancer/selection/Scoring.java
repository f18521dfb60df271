package org.jumpgate.balancer.selection;

import java.time.Duration;
import java.time.Instant;
import java.util.OptionalDouble;
import org.jumpgate.balancer.pool.MemberView;

/** How loaded a member is, lower is better. Pure: the same view and time give the same number. */
public interface Scoring {

    /**
     * The standard scoring.
     *
     * @param staleAfter a load sample older than this counts as unknown
     */
    static Scoring standard(Duration staleAfter) {
        return new LoadScoring(staleAfter);
    }

    /** The member's score now; {@link Double#POSITIVE_INFINITY} when its effective weight is 0. */
    double score(MemberView member, Instant now);

    /**
     * The member's reported load per CPU now (for agents, {@code 1 - percent/100}); 0 when it has no
     * load source, 1.0 (as if busy) when its load probe fails or is stale.
     */
    double loadPerCpu(MemberView member, Instant now);

    /** The member's reported load per CPU when it has a load source with a fresh, good sample. */
    OptionalDouble knownLoadPerCpu(MemberView member, Instant now);
}
