package org.jumpgate.relay;

import java.io.EOFException;
import java.io.IOException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.apache.sshd.common.SshConstants;
import org.apache.sshd.common.channel.Channel;
import org.apache.sshd.common.channel.ChannelListener;
import org.apache.sshd.common.channel.RemoteWindow;
import org.apache.sshd.common.io.IoWriteFuture;
import org.apache.sshd.common.util.buffer.Buffer;

/**
 * Writes what the relay carries to one channel's peer as SSH_MSG_CHANNEL_DATA (or stderr
 * EXTENDED_DATA) packets, as many at once as the peer's window and packet size allow, without
 * waiting for each packet to reach the socket as MINA's {@code ChannelAsyncOutputStream} does: the
 * session writes its packets in order, and the peer's window bounds what is in flight, as in
 * OpenSSH. What the window cannot take yet waits, in order, for the peer's window adjust (MINA
 * tells its channel listeners). A write's future completes once all of it was handed to the session,
 * so the relay gives the sender's window back no later than that (its backpressure). Bytes the
 * window takes at once go straight from the caller's array into the packet: one copy, not two.
 */
final class ChannelWriter {

    private final Channel channel;
    /** Guarded by {@code this}; in the order written. */
    private final ArrayDeque<Chunk> waiting = new ArrayDeque<>();
    private IOException failure;

    private static final class Chunk {
        final byte[] data;
        final boolean stderr;
        final CompletableFuture<Void> done = new CompletableFuture<>();
        int offset;

        Chunk(byte[] data, boolean stderr) {
            this.data = data;
            this.stderr = stderr;
        }
    }

    ChannelWriter(Channel channel) {
        this.channel = channel;
        channel.addChannelListener(new ChannelListener() {
            @Override
            public void channelStateChanged(Channel c, String hint) {
                drain(); // MINA tells a window adjust this way, after it expanded the window
            }

            @Override
            public void channelClosed(Channel c, Throwable reason) {
                fail(new EOFException("channel closed"));
            }
        });
    }

    /**
     * Writes {@code data[off, off + len)} ({@code stderr}: as extended data), which the caller may
     * reuse once this returns (what must wait for window is copied).
     */
    CompletableFuture<Void> write(byte[] data, int off, int len, boolean stderr) {
        IOException failed;
        synchronized (this) {
            if (failure != null) {
                return CompletableFuture.failedFuture(failure);
            }
            int sent = off;
            try {
                if (waiting.isEmpty()) {
                    sent = send(data, off, off + len, stderr);
                    if (sent == off + len) {
                        return CompletableFuture.completedFuture(null);
                    }
                }
                Chunk c = new Chunk(Arrays.copyOfRange(data, sent, off + len), stderr);
                waiting.add(c);
                return c.done;
            } catch (IOException e) {
                failed = e;
            }
        }
        fail(failed);
        return CompletableFuture.failedFuture(failed);
    }

    /** Sends what waited, as far as the window allows now. */
    private void drain() {
        List<Chunk> written;
        IOException failed = null;
        synchronized (this) {
            if (waiting.isEmpty()) {
                return; // most state changes: nothing waits
            }
            written = new ArrayList<>(waiting.size());
            try {
                while (!waiting.isEmpty()) {
                    Chunk c = waiting.peek();
                    c.offset = send(c.data, c.offset, c.data.length, c.stderr);
                    if (c.offset < c.data.length) {
                        break;
                    }
                    written.add(waiting.poll());
                }
            } catch (IOException e) {
                failed = e;
            }
        }
        for (Chunk c : written) {
            c.done.complete(null);
        }
        if (failed != null) {
            fail(failed);
        }
    }

    /**
     * Sends what the window takes of {@code data[from, to)} as packets; returns how far it got.
     * Called holding the lock, so packets leave in the order written.
     */
    private int send(byte[] data, int from, int to, boolean stderr) throws IOException {
        RemoteWindow window = channel.getRemoteWindow();
        int at = from;
        while (at < to) {
            long room = Math.min(window.getSize(), window.getPacketSize());
            if (room <= 0) {
                return at;
            }
            int n = (int) Math.min(room, to - at);
            window.consume(n);
            Buffer b = channel.getSession().createBuffer(stderr ? SshConstants.SSH_MSG_CHANNEL_EXTENDED_DATA
                    : SshConstants.SSH_MSG_CHANNEL_DATA, n + 12);
            b.putUInt(channel.getRecipient());
            if (stderr) {
                b.putUInt(SshConstants.SSH_EXTENDED_DATA_STDERR);
            }
            b.putBytes(data, at, n);
            IoWriteFuture f = channel.writePacket(b);
            if (f.isDone() && !f.isWritten()) { // the channel is closing: MINA discarded it
                Throwable e = f.getException();
                throw e instanceof IOException io ? io : new EOFException("channel closed");
            }
            at += n;
        }
        return at;
    }

    private void fail(IOException e) {
        List<Chunk> dropped;
        synchronized (this) {
            if (failure == null) {
                failure = e;
            }
            dropped = new ArrayList<>(waiting);
            waiting.clear();
        }
        for (Chunk c : dropped) {
            c.done.completeExceptionally(e);
        }
    }
}
