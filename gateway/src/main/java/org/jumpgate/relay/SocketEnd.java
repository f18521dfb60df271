package org.jumpgate.relay;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.Arrays;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.sshd.common.FactoryManager;
import org.apache.sshd.common.io.IoConnector;
import org.apache.sshd.common.io.IoHandler;
import org.apache.sshd.common.io.IoSession;
import org.apache.sshd.common.util.Readable;
import org.apache.sshd.common.util.buffer.Buffer;
import org.apache.sshd.common.util.buffer.ByteArrayBuffer;

/**
 * A TCP connection the gateway itself opens (to a login node's or a job-holding compute node's
 * sshd), on MINA's own I/O threads. Reading stops while more than {@link #MAX_PENDING_BYTES}
 * wait for the channel's peer, and resumes when they drain.
 */
public final class SocketEnd implements FarEnd, IoHandler {

    /** Bytes read from the socket but not yet taken by the channel's peer before reading pauses. */
    public static final long MAX_PENDING_BYTES = 1 << 20;

    private final NearEnd near;
    private final String description;
    private final AtomicLong pending = new AtomicLong();
    private final AtomicBoolean suspended = new AtomicBoolean();
    private final AtomicBoolean closed = new AtomicBoolean();
    private volatile IoSession io;
    private volatile IoConnector connector;

    private SocketEnd(NearEnd near, String description) {
        this.near = near;
        this.description = description;
    }

    /** Connects to {@code address} with {@code manager}'s I/O service; completes once connected. */
    public static CompletableFuture<SocketEnd> connect(FactoryManager manager, InetSocketAddress address,
                                                       NearEnd near) {
        SocketEnd end = new SocketEnd(near, address.getHostString() + ":" + address.getPort());
        CompletableFuture<SocketEnd> done = new CompletableFuture<>();
        IoConnector c = manager.getIoServiceFactory().createConnector(end);
        end.connector = c;
        c.connect(address, null, null).addListener(f -> {
            if (f.isConnected()) {
                end.io = f.getSession();
                done.complete(end);
            } else {
                c.close(true);
                Throwable e = f.getException();
                done.completeExceptionally(new IOException("cannot connect to " + end.description + ": "
                        + (e != null && e.getMessage() != null ? e.getMessage() : "refused"), e));
            }
        });
        return done;
    }

    @Override
    public CompletableFuture<Void> write(byte[] data, int off, int len) {
        try {
            return Pump.of(io.writeBuffer(new ByteArrayBuffer(Arrays.copyOfRange(data, off, off + len))));
        } catch (IOException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    @Override
    public CompletableFuture<Void> eof() {
        try {
            io.shutdownOutputStream();
            return CompletableFuture.completedFuture(null);
        } catch (IOException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            IoSession s = io;
            if (s != null) {
                s.close(false);
            }
            IoConnector c = connector;
            if (c != null) {
                c.close(false);
            }
        }
    }

    @Override
    public String describe() {
        return description;
    }

    @Override
    public void sessionCreated(IoSession session) {
        io = session;
    }

    @Override
    public void sessionClosed(IoSession session) {
        near.farClosed();
        close();
    }

    @Override
    public void exceptionCaught(IoSession session, Throwable cause) {
        session.close(true);
    }

    @Override
    public void messageReceived(IoSession session, Readable message) {
        int n = message.available();
        byte[] data;
        int off;
        if (message instanceof Buffer b) { // MINA's read buffer, reused after this returns: deliver borrows it
            data = b.array();
            off = b.rpos();
        } else {
            data = new byte[n];
            message.getRawBytes(data, 0, n);
            off = 0;
        }
        if (pending.addAndGet(n) > MAX_PENDING_BYTES && suspended.compareAndSet(false, true)) {
            session.suspendRead();
        }
        near.deliver(data, off, n).whenComplete((v, e) -> {
            if (e != null) {
                session.close(true);
                return;
            }
            if (pending.addAndGet(-n) < MAX_PENDING_BYTES / 2 && suspended.compareAndSet(true, false)) {
                session.resumeRead();
            }
        });
    }
}
