package org.jumpgate.balancer.selection;

import java.time.Duration;
import java.time.Instant;
import java.util.OptionalDouble;
import org.jumpgate.balancer.pool.MemberView;

/**
 * score = (load per CPU + memory term + SESSION_COST x live sessions + ASSIGNED_COST x sessions
 * assigned since the last probe + BASE) / (effective weight / 100).
 *
 * <p>The load terms are in "load per CPU" units: 1.0 is a node whose run queue matches its CPUs.
 * A live session costs a little (idle shells cost little, but they are where work starts); a
 * session assigned since the last probe costs more, because the probe has not seen it yet and a
 * burst of logins must spread instead of landing on the node that looked best a second ago.
 * Dividing by weight makes a node of weight 200 take about twice the sessions of one of weight 100.
 */
final class LoadScoring implements Scoring {

    /** Score of one live session of this gateway on the node. */
    static final double SESSION_COST = 0.05;
    /** Score of one session picked for the node since its last probe. */
    static final double ASSIGNED_COST = 0.25;
    /** Memory pressure below this costs nothing; from here to 100% used it costs up to MEMORY_COST. */
    static final double MEMORY_FREE_SHARE = 0.5;
    static final double MEMORY_COST = 1.0;
    /** Load per CPU assumed for a node whose load probe fails or is stale: as if it were busy. */
    static final double UNKNOWN_LOAD = 1.0;
    /** Keeps idle nodes of different weights apart: the heavier one wins the tie. */
    static final double BASE = 0.01;

    private final Duration staleAfter;

    LoadScoring(Duration staleAfter) {
        this.staleAfter = staleAfter;
    }

    @Override
    public double score(MemberView member, Instant now) {
        double weight = member.effectiveWeight();
        if (weight <= 0) {
            return Double.POSITIVE_INFINITY;
        }
        double load = reportedLoad(member, now);
        double cost = load + SESSION_COST * member.sessions() + ASSIGNED_COST * member.assigned() + BASE;
        return cost / (weight / 100.0);
    }

    private double reportedLoad(MemberView member, Instant now) {
        if (!member.probe().hasMetrics()) {
            return member.probe().hasAgent() && !fresh(member, now) ? UNKNOWN_LOAD : 0;
        }
        if (!fresh(member, now) || member.metrics() == null) {
            return UNKNOWN_LOAD;
        }
        double pressure = member.metrics().memoryPressure();
        double memory = pressure <= MEMORY_FREE_SHARE ? 0
                : MEMORY_COST * (pressure - MEMORY_FREE_SHARE) / (1 - MEMORY_FREE_SHARE);
        return member.metrics().loadPerCpu() + memory;
    }

    @Override
    public double loadPerCpu(MemberView member, Instant now) {
        if (!member.probe().hasMetrics() && !member.probe().hasAgent()) {
            return 0;
        }
        return knownLoadPerCpu(member, now).orElse(UNKNOWN_LOAD);
    }

    @Override
    public OptionalDouble knownLoadPerCpu(MemberView member, Instant now) {
        if (!fresh(member, now)) {
            return OptionalDouble.empty();
        }
        if (member.probe().hasAgent()) {
            return OptionalDouble.of(Math.max(0, 1.0 - member.agentPercent() / 100.0));
        }
        if (member.probe().hasMetrics() && member.metrics() != null) {
            return OptionalDouble.of(member.metrics().loadPerCpu());
        }
        return OptionalDouble.empty();
    }

    private boolean fresh(MemberView member, Instant now) {
        return !member.loadFailing() && member.loadAt() != null
                && !member.loadAt().plus(staleAfter).isBefore(now);
    }
}
