package org.jumpgate.backend;

import java.io.IOException;
import java.util.concurrent.CompletableFuture;
import org.apache.sshd.client.channel.AbstractClientChannel;
import org.apache.sshd.client.session.ClientSession;
import org.apache.sshd.common.session.ConnectionService;
import org.apache.sshd.common.session.helpers.AbstractConnectionService;
import org.jspecify.annotations.Nullable;
import org.jumpgate.balancer.Backend;
import org.jumpgate.balancer.BackendSelector.SessionHandle;

/** A live, authenticated client session to one login node, carrying one user's channels. */
public final class BackendLink {

    private final Backend backend;
    private final ClientSession session;
    private volatile @Nullable String lostReason;
    private volatile @Nullable String noLinger;
    private volatile String servedSession;
    private @Nullable SessionHandle accounted;

    BackendLink(Backend backend, ClientSession session, String servedSession) {
        this.backend = backend;
        this.session = session;
        this.servedSession = servedSession;
        onClose(() -> account(null));
    }

    /**
     * Counts this link in the balancer's accounting with {@code handle} (the one before, if any,
     * is closed); null takes it out. Closed with the link.
     */
    void account(@Nullable SessionHandle handle) {
        SessionHandle before;
        synchronized (this) {
            before = accounted;
            accounted = handle != null && !isOpen() ? null : handle;
        }
        if (before != null) {
            before.close();
        }
        if (handle != null && accounted != handle) {
            handle.close();
        }
    }

    /**
     * Marks the link as one that must not linger after its connection: something on it would
     * outlive the connection or reach back to it (a remote forward's listener on the login node,
     * agent or X11 forwarding). It is closed with its connection, as without lingering.
     */
    public void noLinger(String why) {
        if (noLinger == null) {
            noLinger = why;
        }
    }

    /** Why the link may not linger, or null when it may. */
    @Nullable String lingerRefused() {
        return noLinger;
    }

    /** The user connection the link serves or served last (its id). */
    String servedSession() {
        return servedSession;
    }

    void serves(String sessionId) {
        this.servedSession = sessionId;
    }

    /** Channels still open on the link (0 when the connection service is not MINA's usual one). */
    int openChannels() {
        return session.getService(ConnectionService.class) instanceof AbstractConnectionService c
                ? c.getChannels().size() : 0;
    }

    public Backend backend() {
        return backend;
    }

    public ClientSession session() {
        return session;
    }

    public boolean isOpen() {
        return session.isOpen() && !session.isClosing();
    }

    /** Opens {@code channel} on this link; completes when the login node confirms it. */
    public CompletableFuture<Void> open(AbstractClientChannel channel) {
        CompletableFuture<Void> done = new CompletableFuture<>();
        try {
            session.getService(ConnectionService.class).registerChannel(channel);
            channel.open().addListener(f -> {
                if (f.isOpened()) {
                    done.complete(null);
                } else {
                    done.completeExceptionally(f.getException() != null ? f.getException()
                            : new IOException("channel open refused by " + backend.name()));
                }
            });
        } catch (IOException | RuntimeException e) {
            done.completeExceptionally(e);
        }
        return done;
    }

    /** Marks the link lost for {@code reason}: its user connection is being ended with those words. */
    void lost(String reason) {
        lostReason = reason;
    }

    /**
     * Why the gateway gave this link up (its login node stopped answering), or {@code null}: when
     * set, the user connection is being ended with these words, and its sessions need no other.
     */
    public @Nullable String lostReason() {
        return lostReason;
    }

    /** Runs {@code action} once when the link closes, for whatever reason. */
    public void onClose(Runnable action) {
        session.addCloseFutureListener(f -> action.run());
    }

    public void close() {
        session.close(false);
    }
}
