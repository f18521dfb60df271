package org.jumpgate.jump;

import org.jumpgate.balancer.Backend;
import org.jumpgate.common.HostPort;
import org.jspecify.annotations.Nullable;

/** Where a {@code direct-tcpip} channel goes. */
sealed interface Route {

    /** The sshd of a login node, opened by the gateway itself. */
    record LoginNode(Backend backend) implements Route {
    }

    /** A compute node where the user has a running job, opened by the gateway itself. */
    record Compute(String node, HostPort address, String jobId) implements Route {
    }

    /** Through the user's backend link: the login node opens it, as the user. */
    record ThroughLoginNode(String host, int port) implements Route {
    }

    /** Not allowed; {@code reason} is what the user reads, {@code node} the compute node if any. */
    record Refused(String reason, @Nullable String node) implements Route {
    }
}
