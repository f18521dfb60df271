package org.jumpgate.relay;

import java.io.IOException;
import java.util.Arrays;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import org.apache.sshd.client.future.DefaultOpenFuture;
import org.apache.sshd.client.future.OpenFuture;
import org.apache.sshd.common.SshConstants;
import org.apache.sshd.common.channel.Channel;
import org.apache.sshd.common.channel.ChannelListener;
import org.apache.sshd.common.util.buffer.Buffer;
import org.apache.sshd.server.channel.AbstractServerChannel;
import org.jumpgate.common.Exceptions;

/**
 * A byte channel the peer opened (a user's {@code direct-tcpip}, or a login node's
 * {@code forwarded-tcpip}, agent or X11 channel), confirmed only once its far end is connected.
 * Bytes go both ways with backpressure; EOF and close follow the bytes.
 */
public final class RawAcceptedChannel extends AbstractServerChannel implements NearEnd {

    /**
     * Connects the far end for a channel, given the open request's type-specific bytes; fails with
     * a {@link Refusal} to refuse the open with its reason.
     */
    public interface Connector {
        CompletableFuture<FarEnd> connect(RawAcceptedChannel channel, byte[] openPayload);
    }

    /** A refused open: the reason code and the line the user reads. */
    public static final class Refusal extends Exception {
        private static final long serialVersionUID = 1L;
        private final int code;

        public Refusal(int code, String reason) {
            super(reason);
            this.code = code;
        }

        public int code() {
            return code;
        }
    }

    private final Connector connector;
    private final Pump toFar = new Pump();
    private final Pump toPeer = new Pump();
    private final AtomicLong bytesIn = new AtomicLong();
    private final AtomicLong bytesOut = new AtomicLong();
    private final AtomicBoolean farGone = new AtomicBoolean();
    private final AtomicBoolean closeReported = new AtomicBoolean();
    private volatile FarEnd far;
    private volatile ChannelWriter out;
    private volatile Runnable onClose = () -> { };
    /** Bytes the far end sends before the peer has our open confirmation wait for this. */
    private final CompletableFuture<Void> confirmed = new CompletableFuture<>();

    public RawAcceptedChannel(Connector connector) {
        super("", java.util.List.of(), null);
        this.connector = connector;
        toPeer.then(() -> confirmed);
    }

    @Override
    protected OpenFuture doInit(Buffer buffer) {
        DefaultOpenFuture f = new DefaultOpenFuture(this, this);
        byte[] payload = Arrays.copyOfRange(buffer.array(), buffer.rpos(), buffer.wpos());
        connector.connect(this, payload).whenComplete((end, error) -> {
            if (error != null) {
                Throwable e = Exceptions.unwrap(error);
                int code = e instanceof Refusal r ? r.code() : SshConstants.SSH_OPEN_CONNECT_FAILED;
                OpenFailures.refuse(this, f, code, OpenFailures.describe(e));
                confirmed.completeExceptionally(e);
                return;
            }
            far = end;
            out = new ChannelWriter(this);
            addChannelListener(new ChannelListener() {
                @Override
                public void channelClosed(Channel channel, Throwable reason) {
                    end.close();
                    if (closeReported.compareAndSet(false, true)) {
                        onClose.run();
                    }
                }
            });
            try {
                signalChannelOpenSuccess();
                f.setOpened();
                confirmed.complete(null);
            } catch (RuntimeException e) {
                confirmed.completeExceptionally(e);
                throw e;
            } finally {
                notifyStateChanged("raw open");
            }
        });
        return f;
    }

    /** Runs once when the channel closes (after the far end is told). */
    public void onClose(Runnable action) {
        this.onClose = action;
    }

    public long bytesIn() {
        return bytesIn.get();
    }

    public long bytesOut() {
        return bytesOut.get();
    }

    public FarEnd far() {
        return far;
    }

    @Override
    protected void doWriteData(byte[] data, int off, long len) throws IOException {
        bytesIn.addAndGet(len);
        toFar.thenWith(data, off, (int) len, (d, o, n) -> far.write(d, o, n).thenRun(() -> release(len))).exceptionally(e -> {
            close(true);
            return null;
        });
    }

    @Override
    protected void doWriteExtendedData(byte[] data, int off, long len) throws IOException {
        release(len);
    }

    private void release(long len) {
        ChannelPackets.release(this, len, e -> close(true));
    }

    @Override
    public void handleEof() throws IOException {
        super.handleEof();
        toFar.then(() -> far.eof());
    }

    @Override
    public CompletableFuture<Void> deliver(byte[] data, int off, int len) {
        bytesOut.addAndGet(len);
        return toPeer.thenWith(data, off, len, (d, o, n) -> out.write(d, o, n, false));
    }

    @Override
    public void farEof() {
        toPeer.then(() -> {
            try {
                return Pump.of(sendEof());
            } catch (IOException e) {
                return CompletableFuture.failedFuture(e);
            }
        });
    }

    @Override
    public void farClosed() {
        if (farGone.compareAndSet(false, true)) {
            toPeer.then(() -> {
                close(false);
                return CompletableFuture.completedFuture(null);
            }).exceptionally(e -> {
                close(true);
                return null;
            });
        }
    }

    /** A channel factory making these channels of {@code type}. */
    public static org.apache.sshd.common.channel.ChannelFactory factory(String type,
            Function<org.apache.sshd.common.session.Session, Connector> connectors) {
        return new org.apache.sshd.common.channel.ChannelFactory() {
            @Override
            public String getName() {
                return type;
            }

            @Override
            public Channel createChannel(org.apache.sshd.common.session.Session session) {
                return new RawAcceptedChannel(connectors.apply(session));
            }
        };
    }
}
