package org.jumpgate.auth;

import java.net.InetSocketAddress;
import java.net.SocketAddress;
import org.apache.sshd.common.AttributeRepository.AttributeKey;
import org.apache.sshd.common.session.Session;

/** What authentication leaves on a user's session for the rest of the gateway. */
public final class SessionAuth {

    /** The policy of the public key that passed (set once its signature is verified). */
    public static final AttributeKey<KeyPolicy> KEY_POLICY = new AttributeKey<>();
    /** Set when the key that passed, from this address, skips the code ({@link RememberedFactors}). */
    static final AttributeKey<Boolean> REMEMBERED = new AttributeKey<>();
    /** A short random id naming this user connection in the audit log and certificate key ids. */
    public static final AttributeKey<String> SESSION_ID = new AttributeKey<>();

    private SessionAuth() {
    }

    /** The user's address: the PROXY header's when a trusted load balancer sent one, else the peer's. */
    public static SocketAddress client(Session session) {
        if (session instanceof org.apache.sshd.server.session.ServerSession s && s.getClientAddress() != null) {
            return s.getClientAddress();
        }
        return session.getRemoteAddress();
    }

    public static String sessionId(Session session) {
        String id = session.getAttribute(SESSION_ID);
        return id != null ? id : "-";
    }

    /** The client's address as text (no DNS lookup): from a trusted PROXY header when there was one. */
    public static String source(Session session) {
        SocketAddress a = client(session);
        if (a instanceof InetSocketAddress isa) {
            return isa.getAddress() != null ? isa.getAddress().getHostAddress() + ":" + isa.getPort() : isa.toString();
        }
        return String.valueOf(a);
    }
}
