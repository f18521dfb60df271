package org.jumpgate.backend;

import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;
import org.jumpgate.connection.LoginLink;

/**
 * One user connection's backend link, made on first use and shared by all its channels
 * (ControlMaster sessions included). A link that failed or closed is made again on next use.
 */
public final class UserLink implements LoginLink {

    private CompletableFuture<BackendLink> current;
    private boolean closed;

    public synchronized CompletableFuture<BackendLink> get(Supplier<CompletableFuture<BackendLink>> connect) {
        if (closed) {
            return CompletableFuture.failedFuture(new BackendUnavailableException("jumpgate: connection closing"));
        }
        if (current == null || current.isCompletedExceptionally()
                || (current.isDone() && !current.join().isOpen())) {
            current = connect.get();
        }
        return current;
    }

    /** The login node the current link is on, or null if there is none yet. */
    public synchronized String backendName() {
        if (current == null || !current.isDone() || current.isCompletedExceptionally()) {
            return null;
        }
        return current.join().backend().name();
    }

    /** Closes the link, now or as soon as it is made. */
    public void close() {
        CompletableFuture<BackendLink> c;
        synchronized (this) {
            closed = true;
            c = current;
        }
        if (c != null) {
            c.thenAccept(BackendLink::close);
        }
    }
}
