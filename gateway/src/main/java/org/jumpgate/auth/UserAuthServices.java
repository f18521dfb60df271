package org.jumpgate.auth;

import java.io.IOException;
import org.apache.sshd.common.AttributeRepository.AttributeKey;
import org.apache.sshd.common.Service;
import org.apache.sshd.common.SshConstants;
import org.apache.sshd.common.SshException;
import org.apache.sshd.common.auth.AbstractUserAuthServiceFactory;
import org.apache.sshd.common.session.Session;
import org.apache.sshd.common.util.buffer.Buffer;
import org.apache.sshd.server.session.ServerSession;
import org.apache.sshd.server.session.ServerUserAuthService;
import org.jumpgate.audit.AuditEvent.AuthMethod;
import org.jumpgate.audit.AuditEvent.AuthSuccess;
import org.jumpgate.audit.AuditLog;
import org.jumpgate.connection.KeyPolicy;
import org.jumpgate.connection.UserConnection;

/**
 * The {@code ssh-userauth} service, made once per connection. Some clients (paramiko) send a new
 * SSH_MSG_SERVICE_REQUEST before each method; MINA's stock factory then makes a new service,
 * which forgets that {@code publickey} already succeeded (so the code step is refused as a method
 * not allowed) and restarts the unauthenticated connection's grace timer (so a client re-sending
 * the request is never cut). Answering every request of a connection with the same service keeps
 * both, as OpenSSH's sshd does. A request after authentication is refused, as before.
 *
 * <p>The service counts failed attempts as OpenSSH's {@code MaxAuthTries} does: every refused
 * request or wrong answer except a first {@code none}; at {@code maxAuthTries} the connection is
 * ended with "Too many authentication failures". Partial success (the key, before the code) is
 * not a failure. A key whose code is remembered from this address ends authentication at the
 * key, so clients that cannot answer prompts ({@code sftp -b}, BatchMode) get in.
 */
final class UserAuthServices extends AbstractUserAuthServiceFactory {

    private static final AttributeKey<ServerUserAuthService> SERVICE = new AttributeKey<>();

    private final int maxAuthTries;
    private final AuditLog audit;

    UserAuthServices(int maxAuthTries, AuditLog audit) {
        super();
        if (maxAuthTries < 1) {
            throw new IllegalArgumentException("maxAuthTries: " + maxAuthTries + ", expected at least 1");
        }
        this.maxAuthTries = maxAuthTries;
        this.audit = audit;
    }

    @Override
    public Service create(Session session) throws IOException {
        if (session.isAuthenticated()) {
            throw new SshException(SshConstants.SSH2_DISCONNECT_SERVICE_NOT_AVAILABLE,
                    "ssh-userauth requested again after authentication");
        }
        ServerUserAuthService existing = session.getAttribute(SERVICE);
        if (existing != null) {
            return existing;
        }
        ServerUserAuthService made = new CountingService(session, maxAuthTries, audit);
        session.setAttribute(SERVICE, made);
        return made;
    }

    /** MINA's service, counting failures ({@link UserConnection#authFailed()}) and stopping at the limit. */
    private static final class CountingService extends ServerUserAuthService {

        private final int maxAuthTries;
        private final AuditLog audit;
        private String user = "";
        private String service = "";
        private String method = "";
        private int requests;

        CountingService(Session session, int maxAuthTries, AuditLog audit) throws IOException {
            super(session);
            this.maxAuthTries = maxAuthTries;
            this.audit = audit;
        }

        @Override
        public synchronized void process(int cmd, Buffer buffer) throws Exception {
            if (cmd == SshConstants.SSH_MSG_USERAUTH_REQUEST) {
                requests++;
                int start = buffer.rpos();
                try {
                    user = buffer.getString();
                    service = buffer.getString();
                    method = buffer.getString();
                } catch (RuntimeException e) {
                    method = "";
                } finally {
                    buffer.rpos(start);
                }
            }
            super.process(cmd, buffer);
        }

        /** A key whose code is remembered ({@link UserConnection#factorRemembered()}) completes authentication alone. */
        @Override
        protected void handleAuthenticationSuccess(int cmd, Buffer buffer) throws Exception {
            ServerSession session = getServerSession();
            UserConnection connection = UserConnection.of(session);
            if (cmd == SshConstants.SSH_MSG_USERAUTH_REQUEST && "publickey".equals(method)
                    && connection.factorRemembered()) {
                KeyPolicy policy = connection.keyPolicy();
                audit.record(new AuthSuccess(user, connection.source(), connection.id(),
                        AuthMethod.REMEMBERED, policy == null ? null : policy.fingerprint()));
                session.signalAuthenticationSuccess(user, service, buffer);
                return;
            }
            super.handleAuthenticationSuccess(cmd, buffer);
        }

        @Override
        protected void handleAuthenticationFailure(int cmd, Buffer buffer) throws Exception {
            super.handleAuthenticationFailure(cmd, buffer);
            if (requests == 1 && "none".equals(method) && cmd == SshConstants.SSH_MSG_USERAUTH_REQUEST) {
                return; // clients ask which methods there are with a first "none"
            }
            if (UserConnection.of(getSession()).authFailed() >= maxAuthTries) {
                getSession().disconnect(SshConstants.SSH2_DISCONNECT_NO_MORE_AUTH_METHODS_AVAILABLE,
                        "Too many authentication failures");
            }
        }
    }
}
