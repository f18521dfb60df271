package org.jumpgate.auth;

import java.io.IOException;
import org.apache.sshd.common.AttributeRepository.AttributeKey;
import org.apache.sshd.common.Service;
import org.apache.sshd.common.SshConstants;
import org.apache.sshd.common.SshException;
import org.apache.sshd.common.auth.AbstractUserAuthServiceFactory;
import org.apache.sshd.common.session.Session;
import org.apache.sshd.server.session.ServerUserAuthService;

/**
 * The {@code ssh-userauth} service, made once per connection. Some clients (paramiko) send a new
 * SSH_MSG_SERVICE_REQUEST before each method; MINA's stock factory then makes a new service,
 * which forgets that {@code publickey} already succeeded (so the code step is refused as a method
 * not allowed) and restarts the unauthenticated connection's grace timer (so a client re-sending
 * the request is never cut). Answering every request of a connection with the same service keeps
 * both, as OpenSSH's sshd does. A request after authentication is refused, as before.
 */
final class UserAuthServices extends AbstractUserAuthServiceFactory {

    static final UserAuthServices INSTANCE = new UserAuthServices();

    private static final AttributeKey<ServerUserAuthService> SERVICE = new AttributeKey<>();

    private UserAuthServices() {
        super();
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
        ServerUserAuthService made = new ServerUserAuthService(session);
        session.setAttribute(SERVICE, made);
        return made;
    }
}
