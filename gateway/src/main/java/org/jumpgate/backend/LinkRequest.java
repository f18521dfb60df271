package org.jumpgate.backend;

import java.util.Objects;
import org.jumpgate.connection.KeyPolicy;
import org.jumpgate.connection.UserConnection;

/**
 * A request for a backend link.
 *
 * @param user      the authenticated user (the certificate's principal)
 * @param sessionId the user connection's id (in the certificate's key id and the audit log)
 * @param policy    what the user's key allows (becomes the certificate's extensions)
 * @param pin       the login node the user asked for by name, or {@code null}
 * @param owner     the user's own connection, which channels the login node opens back go to (the
 *                  link's client session is marked {@link UserConnection#carriedBy}), or {@code null}
 */
public record LinkRequest(String user, String sessionId, KeyPolicy policy, String pin,
                          UserConnection owner) {

    public LinkRequest {
        Objects.requireNonNull(user, "user");
        Objects.requireNonNull(sessionId, "sessionId");
        Objects.requireNonNull(policy, "policy");
    }
}
