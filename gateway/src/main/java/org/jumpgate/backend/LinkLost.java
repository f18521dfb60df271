package org.jumpgate.backend;

import java.util.concurrent.CompletableFuture;
import org.apache.sshd.common.session.Session;

/** How the gateway ends a user connection whose login node stopped answering its link. */
@FunctionalInterface
public interface LinkLost {

    /** Nobody is told: the link just closes (tests, tools without user connections). */
    LinkLost SILENT = (owner, reason) -> CompletableFuture.completedFuture(null);

    /**
     * Ends {@code owner}, the user connection the link served, telling its user {@code reason}
     * (e.g. "login node login-1 stopped answering; reconnect to continue"); completes once told.
     */
    CompletableFuture<Void> end(Session owner, String reason);
}
