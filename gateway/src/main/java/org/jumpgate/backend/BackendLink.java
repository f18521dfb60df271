package org.jumpgate.backend;

import java.io.IOException;
import java.util.concurrent.CompletableFuture;
import org.apache.sshd.client.channel.AbstractClientChannel;
import org.apache.sshd.client.session.ClientSession;
import org.apache.sshd.common.session.ConnectionService;
import org.jspecify.annotations.Nullable;
import org.jumpgate.balancer.Backend;

/** A live, authenticated client session to one login node, carrying one user's channels. */
public final class BackendLink {

    private final Backend backend;
    private final ClientSession session;
    private volatile @Nullable String lostReason;

    BackendLink(Backend backend, ClientSession session) {
        this.backend = backend;
        this.session = session;
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
