package org.jumpgate.backend;

import java.io.IOException;
import java.util.concurrent.CompletableFuture;
import org.apache.sshd.client.channel.AbstractClientChannel;
import org.apache.sshd.client.session.ClientSession;
import org.apache.sshd.common.session.ConnectionService;
import org.jumpgate.balancer.Backend;

/** A live, authenticated client session to one login node, carrying one user's channels. */
public final class BackendLink {

    /** On a link's client session: the user session it serves. */
    public static final org.apache.sshd.common.AttributeRepository.AttributeKey<org.apache.sshd.common.session.Session>
            OWNER = new org.apache.sshd.common.AttributeRepository.AttributeKey<>();

    private final Backend backend;
    private final ClientSession session;

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

    /** Runs {@code action} once when the link closes, for whatever reason. */
    public void onClose(Runnable action) {
        session.addCloseFutureListener(f -> action.run());
    }

    public void close() {
        session.close(false);
    }
}
