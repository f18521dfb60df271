package org.jumpgate.backend;

import java.util.List;
import org.jspecify.annotations.Nullable;
import org.jumpgate.balancer.Backend;

/**
 * What the connector's shortcuts need to know of the login nodes' states, without asking the
 * balancer for a pick (a pick counts as a session assigned).
 */
public interface NodeStates {

    /** The login nodes taking balanced sessions now (UP, not drained): the pool keeps sessions for these. */
    List<Backend> taking();

    /**
     * Whether a new link of a connection with {@code pin} (or none) could go to {@code node} now: a
     * lingering link there may be taken again.
     */
    boolean takes(String node, @Nullable String pin);

    /** Every node taking everything (tests, tools). */
    static NodeStates all(List<Backend> nodes) {
        return new NodeStates() {
            @Override
            public List<Backend> taking() {
                return nodes;
            }

            @Override
            public boolean takes(String node, @Nullable String pin) {
                return pin == null || pin.equals(node);
            }
        };
    }
}
