package org.jumpgate.relay;

import java.io.IOException;
import org.apache.sshd.common.Service;
import org.apache.sshd.common.ServiceFactory;
import org.apache.sshd.common.io.IoWriteFuture;
import org.apache.sshd.common.session.Session;
import org.apache.sshd.common.util.buffer.Buffer;
import org.apache.sshd.server.session.AbstractServerSession;
import org.apache.sshd.server.session.ServerConnectionService;

/** MINA's server connection service, with channel open failures that say why. */
final class GatewayConnectionService extends ServerConnectionService {

    static final ServiceFactory FACTORY = new ServiceFactory() {
        @Override
        public String getName() {
            return "ssh-connection";
        }

        @Override
        public Service create(Session session) throws IOException {
            return new GatewayConnectionService((AbstractServerSession) session);
        }
    };

    GatewayConnectionService(AbstractServerSession session) throws IOException {
        super(session);
    }

    @Override
    protected IoWriteFuture sendChannelOpenFailure(Buffer buffer, long sender, int reasonCode, String message,
                                                   String lang) throws IOException {
        String reason = OpenFailures.take(getSession(), sender);
        return super.sendChannelOpenFailure(buffer, sender, reasonCode, reason != null ? reason : message, lang);
    }
}
