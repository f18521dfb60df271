package org.jumpgate.relay;

import java.util.concurrent.CompletableFuture;
import org.apache.sshd.server.session.ServerSession;
import org.jumpgate.audit.AuditLog;
import org.jumpgate.backend.BackendLink;

/** What relayed channels need from the gateway: the user's backend link, the env allow-list, the audit log. */
interface RelayContext {

    CompletableFuture<BackendLink> link(ServerSession session);

    EnvFilter env();

    AuditLog audit();

    String sessionId(ServerSession session);
}
