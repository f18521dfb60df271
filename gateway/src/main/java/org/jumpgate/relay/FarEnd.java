package org.jumpgate.relay;

import java.util.concurrent.CompletableFuture;

/**
 * The other end of a raw byte channel: a TCP socket the gateway opened, or a channel on another
 * SSH session. Writes complete when the far end has taken the bytes.
 */
public interface FarEnd {

    /** Writes {@code data[off, off + len)}; the caller may reuse those bytes once this returns. */
    CompletableFuture<Void> write(byte[] data, int off, int len);

    /** No more bytes will be written (half-close). */
    CompletableFuture<Void> eof();

    /** Closes it; idempotent. */
    void close();

    /** For logs and the audit: what this end is connected to. */
    String describe();
}
