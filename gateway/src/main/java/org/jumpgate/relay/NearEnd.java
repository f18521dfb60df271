package org.jumpgate.relay;

import java.util.concurrent.CompletableFuture;

/** What a far end delivers to: the channel whose bytes it carries. */
public interface NearEnd {

    /**
     * Bytes {@code data[off, off + len)} from the far end, which it may reuse once this returns;
     * completes when the channel's peer has taken them (backpressure).
     */
    CompletableFuture<Void> deliver(byte[] data, int off, int len);

    /** The far end will send no more. */
    void farEof();

    /** The far end is gone. */
    void farClosed();
}
