package org.jumpgate.backend;

import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.jumpgate.connection.LoginLink;

/**
 * One user connection's backend link, made on first use and shared by all its channels
 * (ControlMaster sessions included). A link that failed or closed is made again on next use.
 * When the connection ends, the link is given to the release given (which may let it linger for
 * the user's next connection, {@link BackendConnector#release}), or closed.
 */
public final class UserLink implements LoginLink {

    private final Consumer<BackendLink> release;
    private CompletableFuture<BackendLink> current;
    private boolean closed;

    /** A link closed with its connection. */
    public UserLink() {
        this(BackendLink::close);
    }

    /** A link given to {@code release} when its connection ends (once, if it was made). */
    public UserLink(Consumer<BackendLink> release) {
        this.release = release;
    }

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

    /** Releases the link (closes it, or lets it linger), now or as soon as it is made. */
    public void close() {
        CompletableFuture<BackendLink> c;
        synchronized (this) {
            closed = true;
            c = current;
        }
        if (c != null) {
            c.thenAccept(release);
        }
    }
}
