package org.jumpgate.balancer.selection;

import java.time.Clock;
import java.util.List;
import org.jumpgate.balancer.Backend;
import org.jumpgate.balancer.BackendSelector;
import org.jumpgate.balancer.affinity.Affinity;
import org.jumpgate.balancer.pool.BackendPool;

/**
 * Orders the pool's members for one new session.
 *
 * <ul>
 *   <li>Pinned: only the named node, when it is UP or DRAIN (drain stops balanced sessions, not a
 *       user who asked for that node by name, e.g. to reach their tmux); nothing when it is
 *       CHECKING, DOWN, MAINT or unknown.</li>
 *   <li>Otherwise every UP node with a weight above 0 (and under its agent's maxconn), by score;
 *       the user's affinity node first while it is among them and its load per CPU is at most
 *       the overload threshold.</li>
 *   <li>When no node is UP, DOWN nodes follow as a last resort (a probe outage must not refuse every
 *       login; the gateway's connect decides). CHECKING, DRAIN and MAINT nodes are never
 *       offered unpinned.</li>
 * </ul>
 *
 * The first candidate counts as assigned to its node until that node's next probe, so concurrent
 * picks spread.
 */
public interface Selection extends BackendSelector {

    static Selection create(BackendPool pool, Affinity affinity, Scoring scoring, double overloadThreshold,
                            Clock clock) {
        return new ScoredSelection(pool, affinity, scoring, overloadThreshold, clock);
    }

    @Override
    List<Backend> pick(String user, String pin);
}
