package org.jumpgate.cpujobs;

import java.util.Objects;

/** A user's CPU job running on {@code node}: where their connection goes. */
public record CpuJob(String user, String id, String node) {

    public CpuJob {
        Objects.requireNonNull(user, "user");
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(node, "node");
    }
}
