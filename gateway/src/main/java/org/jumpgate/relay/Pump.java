package org.jumpgate.relay;

import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;
import org.apache.sshd.common.io.IoWriteFuture;

/**
 * One direction of a relayed channel: steps (a data write, an EOF, a close) run strictly one
 * after another, each when the previous one has completed. A failed step fails the rest.
 */
public final class Pump {

    private CompletableFuture<Void> tail = CompletableFuture.completedFuture(null);

    public synchronized CompletableFuture<Void> then(Supplier<CompletableFuture<Void>> step) {
        tail = tail.thenCompose(v -> step.get());
        return tail;
    }

    /** {@code future} as a CompletableFuture; a {@code null} future (nothing to write) is done. */
    public static CompletableFuture<Void> of(IoWriteFuture future) {
        CompletableFuture<Void> done = new CompletableFuture<>();
        if (future == null) {
            done.complete(null);
            return done;
        }
        future.addListener(f -> {
            if (f.isWritten()) {
                done.complete(null);
            } else {
                done.completeExceptionally(f.getException() != null ? f.getException()
                        : new java.io.EOFException("channel closed"));
            }
        });
        return done;
    }
}
