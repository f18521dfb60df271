package org.jumpgate.limits;

import java.net.InetAddress;
import java.util.concurrent.ScheduledFuture;
import org.jumpgate.common.Cidr;
import org.jspecify.annotations.Nullable;

/**
 * One accepted connection's claim on the limits: the slots it holds while unauthenticated, its
 * grace timer, the address it is judged by (the PROXY header's, once read), and how it ended.
 */
final class Ticket {

    private final Startups startups;
    private volatile @Nullable InetAddress source;
    private boolean global;
    private @Nullable Cidr block;
    private boolean released;
    private volatile boolean authenticated;
    private volatile boolean graceExceeded;
    private volatile @Nullable ScheduledFuture<?> grace;

    Ticket(Startups startups, @Nullable InetAddress source, boolean global) {
        this.startups = startups;
        this.source = source;
        this.global = global;
    }

    @Nullable InetAddress source() {
        return source;
    }

    /** The client's real address, from a PROXY header. */
    void proxiedFrom(InetAddress client) {
        source = client;
    }

    /** Keeps the block slot taken for this connection; false (keep nothing) when it has already ended. */
    synchronized boolean holdsSource(Cidr slot) {
        if (released) {
            return false;
        }
        block = slot;
        return true;
    }

    void graceTimer(ScheduledFuture<?> timer) {
        grace = timer;
    }

    void authenticated() {
        authenticated = true;
        release();
    }

    boolean isAuthenticated() {
        return authenticated;
    }

    void graceExceeded() {
        graceExceeded = true;
    }

    /** How an unauthenticated ending is penalised; null when it authenticated. */
    @Nullable Penalty ending(int failedAttempts) {
        if (authenticated) {
            return null;
        }
        if (graceExceeded) {
            return Penalty.GRACE_EXCEEDED;
        }
        return failedAttempts > 0 ? Penalty.AUTHFAIL : Penalty.NOAUTH;
    }

    /** Gives back the slots and stops the grace timer; safe to call more than once. */
    synchronized void release() {
        ScheduledFuture<?> g = grace;
        if (g != null) {
            g.cancel(false);
        }
        if (released) {
            return;
        }
        released = true;
        if (global) {
            startups.releaseGlobal();
            global = false;
        }
        if (block != null) {
            startups.releaseSource(block);
            block = null;
        }
    }
}
