package org.jumpgate.relay;

import java.io.IOException;
import java.util.Arrays;
import java.util.concurrent.CompletableFuture;
import org.apache.sshd.client.channel.AbstractClientChannel;
import org.apache.sshd.common.util.buffer.Buffer;

/**
 * The login-node half of a relayed session: a raw {@code session} channel on the backend link
 * that sends nothing of its own. What the login node sends (data, stderr, EOF, requests such as
 * exit-status, replies) goes to the {@link UserSessionChannel} it is paired with.
 */
final class BackendSessionChannel extends AbstractClientChannel {

    private final UserSessionChannel user;
    private final ReplyQueue replies;
    private volatile boolean peerClosed;
    private volatile boolean exitReported;
    private volatile boolean eofSeen;
    /** What the user sends, to the login node; made when the login node confirmed the open. */
    private volatile ChannelWriter in;

    BackendSessionChannel(UserSessionChannel user) {
        super("session");
        this.user = user;
        this.replies = new ReplyQueue(this::sendReply);
        setStreaming(Streaming.Async);
    }

    @Override
    protected void doOpen() throws IOException {
        in = new ChannelWriter(this);
    }

    // ---- user -> login node ----

    /** The user's bytes {@code data[off, off + len)}, which may be reused once this returns. */
    CompletableFuture<Void> writeData(byte[] data, int off, int len) {
        return in.write(data, off, len, false);
    }

    CompletableFuture<Void> eof() {
        try {
            return Pump.of(sendEof());
        } catch (IOException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    /** Forwards a user's request as it came; the reply, if wanted, returns through {@link #handleSuccess()}. */
    void forwardRequest(String req, boolean wantReply, byte[] payload) throws IOException {
        ChannelPackets.request(this, req, wantReply, payload);
    }

    /** Answers a request the login node made, in order, with what the user's client answered. */
    void replyFromUser(boolean ok) {
        replies.remote(ok);
    }

    private void sendReply(boolean ok) {
        try {
            ChannelPackets.reply(this, ok);
        } catch (IOException e) {
            user.fail(e);
        }
    }

    // ---- login node -> user ----

    @Override
    protected void doWriteData(byte[] data, int off, long len) throws IOException {
        user.toUser().thenWith(data, off, (int) len, (d, o, n) -> user.writeOut(d, o, n, false).thenRun(() -> release(len)));
    }

    @Override
    protected void doWriteExtendedData(byte[] data, int off, long len) throws IOException {
        user.toUser().thenWith(data, off, (int) len, (d, o, n) -> user.writeOut(d, o, n, true).thenRun(() -> release(len)));
    }

    private void release(long len) {
        ChannelPackets.release(this, len, user::fail);
    }

    @Override
    public void handleEof() throws IOException {
        eofSeen = true;
        super.handleEof();
        user.toUser().then(user::eofToUser);
    }

    @Override
    protected void handleChannelRequest(String req, boolean wantReply, Buffer buffer) throws IOException {
        byte[] payload = Arrays.copyOfRange(buffer.array(), buffer.rpos(), buffer.wpos());
        boolean exit = req.equals("exit-status") || req.equals("exit-signal");
        if (exit) {
            log.debug("{}: {} from the login node", this, req);
            exitReported = true;
            user.noteExit(req, payload);
        }
        if (wantReply) {
            replies.expectRemote();
        }
        if (req.startsWith("keepalive@")) {
            user.forwardRequest(req, wantReply, payload);
        } else if (exit) {
            user.toUser().then(() -> {
                user.forwardExit(req, wantReply, payload);
                return CompletableFuture.completedFuture(null);
            });
        } else {
            user.toUser().then(() -> {
                user.forwardRequest(req, wantReply, payload);
                return CompletableFuture.completedFuture(null);
            });
        }
    }

    @Override
    public void handleSuccess() throws IOException {
        user.replyFromBackend(true);
    }

    @Override
    public void handleFailure() throws IOException {
        user.replyFromBackend(false);
    }

    @Override
    public void handleClose() throws IOException {
        peerClosed = true;
        super.handleClose();
    }

    /** True when the login node ended the channel itself, rather than the link dying under it. */
    boolean endedByPeer() {
        return peerClosed;
    }

    boolean exitReported() {
        return exitReported;
    }

    /** True once the login node sent EOF: its program's output is complete, its exit status near. */
    boolean eofSeen() {
        return eofSeen;
    }
}
