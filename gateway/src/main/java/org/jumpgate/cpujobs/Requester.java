package org.jumpgate.cpujobs;

import java.util.Objects;
import org.jumpgate.connection.KeyPolicy;

/**
 * Who a Slurm command runs as: the user, the connection asking (in the login certificate's key
 * id) and what their key allows (the certificate's extensions).
 */
public record Requester(String user, String session, KeyPolicy policy) {

    public Requester {
        Objects.requireNonNull(user, "user");
        Objects.requireNonNull(session, "session");
        Objects.requireNonNull(policy, "policy");
    }
}
