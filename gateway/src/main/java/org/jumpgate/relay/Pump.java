package org.jumpgate.relay;

import java.util.Arrays;
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

    /** A step that reads {@code data[off, off + len)}. */
    @FunctionalInterface
    public interface BytesStep {
        CompletableFuture<Void> run(byte[] data, int off, int len);
    }

    /**
     * As {@link #then}, for a step on bytes its caller may reuse as soon as this returns (MINA's
     * decode buffer): with nothing pending the step runs now on those very bytes, so the only
     * copy is the one into the outgoing packet; else it runs later on a copy.
     */
    public synchronized CompletableFuture<Void> thenWith(byte[] data, int off, int len, BytesStep step) {
        if (tail.isDone() && !tail.isCompletedExceptionally()) {
            CompletableFuture<Void> now;
            try {
                now = step.run(data, off, len);
            } catch (RuntimeException e) {
                now = CompletableFuture.failedFuture(e);
            }
            tail = now;
        } else {
            byte[] copy = Arrays.copyOfRange(data, off, off + len);
            tail = tail.thenCompose(v -> step.run(copy, 0, len));
        }
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
