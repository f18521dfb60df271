package org.jumpgate.relay;

import java.io.IOException;
import java.util.concurrent.CompletableFuture;
import org.apache.sshd.client.channel.AbstractClientChannel;
import org.apache.sshd.client.future.DefaultOpenFuture;
import org.apache.sshd.client.future.OpenFuture;
import org.apache.sshd.common.SshConstants;
import org.apache.sshd.common.SshException;
import org.apache.sshd.common.channel.Channel;
import org.apache.sshd.common.channel.ChannelListener;
import org.apache.sshd.common.session.ConnectionService;
import org.apache.sshd.common.session.Session;
import org.apache.sshd.common.util.buffer.Buffer;

/**
 * A byte channel the gateway opens on an SSH session, of any type, with the type-specific open
 * bytes given as they are ({@code direct-tcpip} on a backend link; {@code forwarded-tcpip}, agent
 * or X11 towards a user). It is the {@link FarEnd} of a {@link RawAcceptedChannel}.
 */
public final class RawOpenedChannel extends AbstractClientChannel implements FarEnd {

    private final byte[] openPayload;
    private final String description;
    private volatile NearEnd near;
    /** What the near end sends, to the peer; made when the peer confirmed the open. */
    private volatile ChannelWriter in;

    private RawOpenedChannel(String type, byte[] openPayload, String description) {
        super(type);
        this.openPayload = openPayload.clone();
        this.description = description;
        setStreaming(Streaming.Async);
    }

    /**
     * Opens a channel of {@code type} on {@code session}, delivering to {@code near}; completes when
     * the peer confirms, or fails with the peer's reason.
     */
    public static CompletableFuture<RawOpenedChannel> open(Session session, String type, byte[] openPayload,
                                                           String description, NearEnd near) {
        RawOpenedChannel ch = new RawOpenedChannel(type, openPayload, description);
        ch.near = near;
        CompletableFuture<RawOpenedChannel> done = new CompletableFuture<>();
        try {
            session.getService(ConnectionService.class).registerChannel(ch);
            ch.addChannelListener(new ChannelListener() {
                @Override
                public void channelClosed(Channel channel, Throwable reason) {
                    near.farClosed();
                }
            });
            ch.open().addListener(f -> {
                if (f.isOpened()) {
                    done.complete(ch);
                } else {
                    done.completeExceptionally(f.getException() != null ? f.getException()
                            : new IOException("channel open refused"));
                }
            });
        } catch (IOException | RuntimeException e) {
            done.completeExceptionally(e);
        }
        return done;
    }

    @Override
    public synchronized OpenFuture open() throws IOException {
        if (isClosing()) {
            throw new SshException("Session has been closed: " + state);
        }
        openFuture = new DefaultOpenFuture(this.toString(), this);
        Session session = getSession();
        Buffer b = session.createBuffer(SshConstants.SSH_MSG_CHANNEL_OPEN, openPayload.length + 64);
        b.putString(getChannelType());
        b.putUInt(getChannelId());
        b.putUInt(getLocalWindow().getSize());
        b.putUInt(getLocalWindow().getPacketSize());
        b.putRawBytes(openPayload);
        writePacket(b);
        return openFuture;
    }

    @Override
    protected void doOpen() throws IOException {
        in = new ChannelWriter(this);
    }

    @Override
    public CompletableFuture<Void> write(byte[] data, int off, int len) {
        return in.write(data, off, len, false);
    }

    @Override
    public CompletableFuture<Void> eof() {
        try {
            return Pump.of(sendEof());
        } catch (IOException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    @Override
    public void close() {
        close(false);
    }

    @Override
    public String describe() {
        return description;
    }

    @Override
    protected void doWriteData(byte[] data, int off, long len) throws IOException {
        near.deliver(data, off, (int) len).thenRun(() -> ChannelPackets.release(this, len, e -> close(true)));
    }

    @Override
    protected void doWriteExtendedData(byte[] data, int off, long len) throws IOException {
        getLocalWindow().release(len);
    }

    @Override
    public void handleEof() throws IOException {
        super.handleEof();
        near.farEof();
    }
}
