package org.jumpgate.balancer.pool;

import java.time.Instant;
import org.jumpgate.balancer.Backend;
import org.jumpgate.balancer.BackendState;
import org.jumpgate.balancer.ProbeConfig;

/**
 * A consistent copy of one member's state at one moment, for scoring and for the admin API.
 *
 * @param backend        the configured backend
 * @param probe          its load source
 * @param state          the effective state
 * @param reason         why it is in that state, for people
 * @param sshResult      the last SSH probe's result (identification or failure reason)
 * @param loadResult     the last load probe's result, or {@code null} when it has no load source
 * @param metrics        the last node_exporter sample, or {@code null}
 * @param loadAt         when the last good load sample (metrics or agent) came, or {@code null}
 * @param loadFailing    whether the last load probe failed
 * @param agentPercent   the agent's weight percent, 100 when it said none
 * @param agentMaxconn   the agent's maxconn, -1 when it said none
 * @param sessions       the gateway's live sessions there
 * @param assigned       sessions picked for it since its last probe
 * @param drained        whether an operator drained it
 * @param checkedAt      when its last SSH probe ended, or {@code null}
 */
public record MemberView(Backend backend, ProbeConfig probe, BackendState state, String reason, String sshResult,
                         String loadResult, NodeMetrics metrics, Instant loadAt, boolean loadFailing,
                         int agentPercent, int agentMaxconn, int sessions, int assigned, boolean drained,
                         Instant checkedAt) {

    public String name() {
        return backend.name();
    }

    /** Weight as configured times the agent's percentage, in configured-weight units. */
    public double effectiveWeight() {
        return backend.weight() * (agentPercent / 100.0);
    }

    /** Whether this node may get a new balanced (unpinned) session. */
    public boolean takesBalanced() {
        return state == BackendState.UP && effectiveWeight() > 0 && (agentMaxconn < 0 || sessions < agentMaxconn);
    }
}
