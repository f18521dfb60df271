package org.jumpgate.cpujobs;

import java.util.Objects;

/**
 * One of the user's jobs as {@code squeue} lists it.
 *
 * @param id     the job id
 * @param state  e.g. RUNNING, PENDING, CONFIGURING, COMPLETING
 * @param reason why it is pending ({@code Resources}, {@code Priority}), {@code None} when running
 * @param node   the first node it runs on (lower case), or empty while it runs nowhere
 */
public record QueuedJob(String id, String state, String reason, String node) {

    public QueuedJob {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(node, "node");
    }

    /** RUNNING on a node: a connection may go there now. */
    public boolean running() {
        return state.equals("RUNNING") && !node.isEmpty();
    }

    /** Not running yet but on its way (PENDING, CONFIGURING, ...): worth waiting for. */
    public boolean coming() {
        return !running() && (state.equals("PENDING") || state.equals("CONFIGURING") || state.equals("RUNNING")
                || state.equals("REQUEUED") || state.equals("RESIZING"));
    }
}
