package org.jumpgate.auth;

import java.net.InetSocketAddress;
import java.net.SocketAddress;
import org.apache.sshd.common.AttributeRepository.AttributeKey;
import org.apache.sshd.common.session.Session;

/** What authentication leaves on a user's session for the rest of the gateway. */
public final class SessionAuth {

    /** The policy of the public key that passed (set once its signature is verified). */
    public static final AttributeKey<KeyPolicy> KEY_POLICY = new AttributeKey<>();
    /** A short random id naming this user connection in the audit log and certificate key ids. */
    public static final AttributeKey<String> SESSION_ID = new AttributeKey<>();

    private SessionAuth() {
    }

    public static String sessionId(Session session) {
        String id = session.getAttribute(SESSION_ID);
        return id != null ? id : "-";
    }

    /** The client's address as text (no DNS lookup). */
    public static String source(Session session) {
        SocketAddress a = session.getRemoteAddress();
        if (a instanceof InetSocketAddress isa) {
            return isa.getAddress() != null ? isa.getAddress().getHostAddress() + ":" + isa.getPort() : isa.toString();
        }
        return String.valueOf(a);
    }
}
