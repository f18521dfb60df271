package org.jumpgate.server;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.Collection;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.sshd.common.AttributeRepository.AttributeKey;
import org.apache.sshd.common.session.Session;
import org.apache.sshd.common.session.SessionListener;
import org.apache.sshd.server.session.ServerSession;
import org.jumpgate.audit.AuditEvent;
import org.jumpgate.audit.AuditLog;
import org.jumpgate.auth.SessionAuth;
import org.jumpgate.backend.UserLink;
import org.jspecify.annotations.Nullable;

/**
 * The user connections open now: each gets an id (audit, certificate key ids, admin API), a start
 * time and, on a pinned listener, its pin; each one's backend link is closed with it. A drain
 * waits here for the count to reach zero.
 */
final class Connections {

    /** A connection's backend link, made on first use. */
    static final AttributeKey<UserLink> LINK = new AttributeKey<>();
    /** When a connection was accepted (ISO-8601). */
    static final AttributeKey<String> STARTED = new AttributeKey<>();
    /** The login node a pinned listener sends its connections to. */
    static final AttributeKey<String> PIN = new AttributeKey<>();

    private final Map<String, ServerSession> open = new ConcurrentHashMap<>();
    private final SecureRandom random = new SecureRandom();
    private final AuditLog audit;
    private final Clock clock;
    private int count;

    Connections(AuditLog audit, Clock clock) {
        this.audit = audit;
        this.clock = clock;
    }

    /** The listener for one listening server; {@code pin} is its login node, or null. */
    SessionListener listener(@Nullable String pin) {
        return new SessionListener() {
            @Override
            public void sessionCreated(Session session) {
                byte[] id = new byte[6];
                random.nextBytes(id);
                String sid = HexFormat.of().formatHex(id);
                session.setAttribute(SessionAuth.SESSION_ID, sid);
                session.setAttribute(STARTED, clock.instant().toString());
                if (pin != null) {
                    session.setAttribute(PIN, pin);
                }
                if (session instanceof ServerSession ss) {
                    open.put(sid, ss);
                }
                synchronized (Connections.this) {
                    count++;
                }
            }

            @Override
            public void sessionClosed(Session session) {
                open.remove(SessionAuth.sessionId(session));
                UserLink link = session.getAttribute(LINK);
                if (link != null) {
                    link.close();
                }
                if (session.getUsername() != null && session.isAuthenticated()) {
                    audit.record(new AuditEvent.ConnectionEnd(session.getUsername(), SessionAuth.sessionId(session)));
                }
                synchronized (Connections.this) {
                    count--;
                    Connections.this.notifyAll();
                }
            }
        };
    }

    Collection<ServerSession> open() {
        return open.values();
    }

    synchronized int count() {
        return count;
    }

    /** Waits until no connection is open or {@code deadline} has passed; true if none is left. */
    synchronized boolean awaitNone(Duration deadline) {
        long end = System.nanoTime() + deadline.toNanos();
        while (count > 0) {
            long left = end - System.nanoTime();
            if (left <= 0) {
                return false;
            }
            try {
                wait(Math.max(1, left / 1_000_000));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
        return true;
    }
}
