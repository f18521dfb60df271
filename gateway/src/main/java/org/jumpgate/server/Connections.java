package org.jumpgate.server;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.Collection;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.sshd.common.session.Session;
import org.apache.sshd.common.session.SessionListener;
import org.apache.sshd.server.session.ServerSession;
import org.jumpgate.audit.AuditEvent;
import org.jumpgate.audit.AuditLog;
import org.jumpgate.connection.LoginLink;
import org.jumpgate.connection.UserConnection;
import org.jspecify.annotations.Nullable;

/**
 * The user connections open now: each session gets its {@link UserConnection} when MINA creates it
 * (an id for the audit log, certificate key ids and the admin API, the accept time and, on a
 * pinned listener, its pin); each one's backend link is closed with it. A drain waits here for
 * the count to reach zero.
 */
final class Connections {

    private final Map<String, ServerSession> open = new ConcurrentHashMap<>();
    private final SecureRandom random = new SecureRandom();
    private final AuditLog audit;
    private final Clock clock;
    private int count;

    Connections(AuditLog audit, Clock clock) {
        this.audit = audit;
        this.clock = clock;
    }

    /**
     * The listener for one listening server; {@code pin} is its login node and {@code target} its
     * CPU-job target, or null (at most one of the two).
     */
    SessionListener listener(@Nullable String pin, @Nullable String target) {
        return new SessionListener() {
            @Override
            public void sessionCreated(Session session) {
                byte[] id = new byte[6];
                random.nextBytes(id);
                String sid = HexFormat.of().formatHex(id);
                if (session instanceof ServerSession ss) {
                    UserConnection.open(ss, sid, clock.instant(), pin, target);
                    open.put(sid, ss);
                }
                synchronized (Connections.this) {
                    count++;
                }
            }

            @Override
            public void sessionClosed(Session session) {
                UserConnection c = UserConnection.find(session);
                if (c != null) {
                    open.remove(c.id());
                    LoginLink link = c.link();
                    if (link != null) {
                        link.close();
                    }
                }
                if (session.getUsername() != null && session.isAuthenticated()) {
                    audit.record(new AuditEvent.ConnectionEnd(session.getUsername(), c != null ? c.id() : "-"));
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
