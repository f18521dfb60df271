package org.jumpgate.relay;

import java.io.IOException;
import java.util.Arrays;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;
import org.apache.sshd.common.SshConstants;
import org.apache.sshd.common.channel.RequestHandler;
import org.apache.sshd.common.session.ConnectionService;
import org.apache.sshd.common.session.Session;
import org.apache.sshd.common.util.buffer.Buffer;
import org.apache.sshd.server.session.ServerSession;
import org.jumpgate.audit.AuditEvent;
import org.jumpgate.audit.AuditLog;
import org.jumpgate.backend.BackendLink;
import org.jumpgate.connection.KeyPolicy;
import org.jumpgate.connection.UserConnection;

/**
 * Remote forwarding requests ({@code ssh -R}) go to the user's login node as they came: the login
 * node listens, and the connections it accepts come back as {@code forwarded-tcpip} channels.
 */
final class ForwardRequests implements RequestHandler<ConnectionService> {

    static final Set<String> REQUESTS = Set.of("tcpip-forward", "cancel-tcpip-forward",
            "streamlocal-forward@openssh.com", "cancel-streamlocal-forward@openssh.com");

    private final Function<ServerSession, CompletableFuture<BackendLink>> links;
    private final AuditLog audit;

    ForwardRequests(Function<ServerSession, CompletableFuture<BackendLink>> links, AuditLog audit) {
        this.links = links;
        this.audit = audit;
    }

    @Override
    public Result process(ConnectionService service, String request, boolean wantReply, Buffer buffer) {
        if (!REQUESTS.contains(request)) {
            return Result.Unsupported;
        }
        ServerSession session = (ServerSession) service.getSession();
        KeyPolicy policy = UserConnection.of(session).keyPolicy();
        if (policy == null || !policy.allows("permit-port-forwarding")) {
            return Result.ReplyFailure;
        }
        byte[] payload = Arrays.copyOfRange(buffer.array(), buffer.rpos(), buffer.wpos());
        links.apply(session).whenComplete((link, error) -> {
            if (error != null) {
                reply(session, wantReply, false, null);
                return;
            }
            // the login node listens for this forward as long as the link lives: it must not outlive the user
            link.noLinger(request);
            try {
                Session backend = link.session();
                Buffer req = backend.createBuffer(SshConstants.SSH_MSG_GLOBAL_REQUEST, payload.length + 64);
                req.putString(request);
                req.putBoolean(true);
                req.putRawBytes(payload);
                backend.request(req, request, (cmd, rsp) -> {
                    boolean ok = cmd == SshConstants.SSH_MSG_REQUEST_SUCCESS;
                    audit.record(new AuditEvent.ForwardRemote(session.getUsername(), UserConnection.of(session).id(),
                            request, link.backend().name(), ok));
                    reply(session, wantReply, ok, rsp);
                });
            } catch (IOException | RuntimeException e) {
                reply(session, wantReply, false, null);
            }
        });
        return Result.Replied;
    }

    private static void reply(Session session, boolean wantReply, boolean ok, Buffer rsp) {
        if (!wantReply) {
            return;
        }
        try {
            Buffer b = session.createBuffer(ok ? SshConstants.SSH_MSG_REQUEST_SUCCESS
                    : SshConstants.SSH_MSG_REQUEST_FAILURE, 16);
            if (ok && rsp != null && rsp.available() > 0) {
                b.putRawBytes(rsp.array(), rsp.rpos(), rsp.available());
            }
            session.writePacket(b);
        } catch (IOException e) {
            session.close(true);
        }
    }
}
