package org.jumpgate.relay;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.sshd.client.future.DefaultOpenFuture;
import org.apache.sshd.client.future.OpenFuture;
import org.apache.sshd.common.SshConstants;
import org.apache.sshd.common.channel.Channel;
import org.apache.sshd.common.channel.ChannelListener;
import org.apache.sshd.common.util.buffer.Buffer;
import org.apache.sshd.common.util.buffer.ByteArrayBuffer;
import org.apache.sshd.server.channel.AbstractServerChannel;
import org.jumpgate.audit.AuditEvent;
import org.jumpgate.backend.BackendLink;
import org.jumpgate.connection.KeyPolicy;
import org.jumpgate.connection.UserConnection;

/**
 * The user's half of a relayed session: a server {@code session} channel whose open is confirmed
 * only once its twin is open on the backend link, so a user whose login node cannot be reached
 * sees one line saying so instead of a shell that dies.
 *
 * <p>A client that has sent EOF may answer the login node's EOF with CLOSE at once, before the
 * exit status (which the login node sends after its EOF) has been relayed. As sshd does while
 * its command has not exited, such a CLOSE is held until the exit status has been passed on or
 * the login node closed, at most {@link #EXIT_WAIT}; the exit status is then not lost.
 */
final class UserSessionChannel extends AbstractServerChannel {

    /** How long a client's CLOSE after the login node's EOF waits for the exit status. */
    static final Duration EXIT_WAIT = Duration.ofSeconds(5);

    private final RelayContext context;
    private final Pump toBackend = new Pump();
    private final Pump toUser = new Pump();
    private final ReplyQueue replies = new ReplyQueue(this::sendReply);
    private final AtomicLong bytesUp = new AtomicLong();
    private final AtomicLong bytesDown = new AtomicLong();
    private final AtomicBoolean ended = new AtomicBoolean();
    private final long startNanos = System.nanoTime();
    private volatile BackendSessionChannel backend;
    private volatile BackendLink link;
    /** Stdout and stderr to the user, once the open is confirmed. */
    private volatile ChannelWriter out;
    private volatile String kind = "session";
    private volatile String exit;
    private volatile boolean pty;
    /** The client's CLOSE came while the exit status was still on its way; it is answered later. */
    private final AtomicBoolean closeHeld = new AtomicBoolean();
    private final AtomicBoolean heldCloseAnswered = new AtomicBoolean();
    /** Set in the toUser pump once the login node's exit-status or exit-signal went to the user. */
    private volatile boolean exitForwarded;
    /**
     * Opened before its link exists (a connection bound to a CPU-job target, {@link
     * UserConnection#target}: the link waits for the job to run): the
     * user's requests and data wait in the toBackend pump until {@link #ready}, and progress lines
     * go to stderr meanwhile.
     */
    private volatile boolean early;
    private final CompletableFuture<Void> ready = new CompletableFuture<>();

    UserSessionChannel(RelayContext context) {
        super("", java.util.List.of(), null);
        this.context = context;
    }

    @Override
    protected OpenFuture doInit(Buffer buffer) {
        DefaultOpenFuture f = new DefaultOpenFuture(this, this);
        CompletableFuture<BackendLink> linked = context.link(getServerSession());
        if (UserConnection.of(getServerSession()).target() != null && !linked.isDone()) {
            openEarly(f, linked);
            return f;
        }
        linked.whenComplete((l, error) -> {
            if (error != null) {
                refuse(f, error);
                return;
            }
            link = l;
            BackendSessionChannel b = new BackendSessionChannel(this);
            backend = b;
            l.open(b).whenComplete((v, openError) -> {
                if (openError != null) {
                    refuse(f, new IOException("jumpgate: login node " + l.backend().name()
                            + " refused the session: " + OpenFailures.describe(openError)));
                    return;
                }
                watchBackend(b);
                confirmOpen(f, "relay open");
            });
        });
        return f;
    }

    /** Ends the relay when the login node's half closes. */
    private void watchBackend(BackendSessionChannel b) {
        b.addChannelListener(new ChannelListener() {
            @Override
            public void channelClosed(Channel channel, Throwable reason) {
                backendClosed();
            }
        });
    }

    /**
     * Makes the user's output streams, ends the relay when the user's half closes, and confirms
     * the open to the user; false when the confirmation could not be sent.
     */
    private boolean confirmOpen(DefaultOpenFuture f, String state) {
        out = new ChannelWriter(this);
        addChannelListener(new ChannelListener() {
            @Override
            public void channelClosed(Channel channel, Throwable reason) {
                userClosed();
            }
        });
        try {
            signalChannelOpenSuccess();
            f.setOpened();
            return true;
        } catch (RuntimeException e) {
            f.setException(e);
            return false;
        } finally {
            notifyStateChanged(state);
        }
    }

    /**
     * Confirms the open now and joins the link once it is made: what the user sends meanwhile
     * waits in order; a link that cannot be made ends the session with its line on stderr.
     */
    private void openEarly(DefaultOpenFuture f, CompletableFuture<BackendLink> linked) {
        early = true;
        toBackend.then(() -> ready);
        if (!confirmOpen(f, "relay open early")) {
            return;
        }
        linked.whenComplete((l, error) -> {
            if (error != null) {
                endEarly(OpenFailures.describe(error));
                return;
            }
            BackendSessionChannel b = new BackendSessionChannel(this);
            l.open(b).whenComplete((v, openError) -> {
                if (openError != null) {
                    endEarly("jumpgate: " + l.backend().name() + " refused the session: "
                            + OpenFailures.describe(openError));
                    return;
                }
                if (isClosing() || !isOpen()) { // the user gave up waiting
                    b.close(false);
                    ready.completeExceptionally(new IOException("closed while waiting for the link"));
                    return;
                }
                link = l;
                backend = b;
                watchBackend(b);
                ready.complete(null);
            });
        });
    }

    /** An early-opened session whose link never came: its line, exit status 255, EOF, close. */
    private void endEarly(String line) {
        ready.completeExceptionally(new IOException(line));
        exit = "refused";
        sayOnStderr(line);
        toUser.then(() -> {
            forwardRequest("exit-status", false, new byte[] {0, 0, 0, (byte) 255});
            return CompletableFuture.completedFuture(null);
        });
        toUser.then(this::eofToUser);
        toUser.then(() -> {
            close(false);
            return CompletableFuture.completedFuture(null);
        }).exceptionally(e -> {
            close(true);
            return null;
        });
    }

    /** A progress line (e.g. waiting for a CPU job) on stderr, while an early-opened session waits for its link. */
    void progress(String line) {
        if (early && !ready.isDone()) {
            sayOnStderr(line);
        }
    }

    private void refuse(DefaultOpenFuture f, Throwable error) {
        OpenFailures.refuse(this, f, SshConstants.SSH_OPEN_CONNECT_FAILED, OpenFailures.describe(error));
        notifyStateChanged("relay refused");
    }

    Pump toUser() {
        return toUser;
    }

    // ---- user -> login node ----

    @Override
    protected void doWriteData(byte[] data, int off, long len) throws IOException {
        bytesUp.addAndGet(len);
        toBackend.thenWith(data, off, (int) len, (d, o, n) -> backend.writeData(d, o, n).thenRun(() -> release(len)));
    }

    @Override
    protected void doWriteExtendedData(byte[] data, int off, long len) throws IOException {
        // a client has no stderr to send on a session; RFC 4254 only defines it server to client
        release(len);
    }

    private void release(long len) {
        ChannelPackets.release(this, len, this::fail);
    }

    @Override
    public void handleEof() throws IOException {
        super.handleEof();
        toBackend.then(() -> backend.eof());
    }

    @Override
    protected void handleChannelRequest(String req, boolean wantReply, Buffer buffer) throws IOException {
        byte[] payload = Arrays.copyOfRange(buffer.array(), buffer.rpos(), buffer.wpos());
        if (early) {
            if (req.equals("pty-req")) {
                pty = true; // the client's terminal is raw from now: progress lines need CR LF
            }
            // after the link, in the order they came (replies too), behind what waits already
            toBackend.then(() -> {
                try {
                    request(req, wantReply, payload);
                } catch (IOException | RuntimeException e) {
                    fail(e);
                }
                return CompletableFuture.completedFuture(null);
            });
            return;
        }
        request(req, wantReply, payload);
    }

    private void request(String req, boolean wantReply, byte[] payload) throws IOException {
        if (req.equals("env")) {
            String name = new ByteArrayBuffer(payload).getString();
            if (!context.env().accepts(name)) {
                if (wantReply) {
                    replies.local(false);
                }
                return;
            }
        }
        if (req.equals("pty-req")) {
            pty = true;
        }
        Forwarding forwarding = Forwarding.of(req);
        if (forwarding != null && !forwarding.permittedBy(UserConnection.of(getServerSession()).keyPolicy())) {
            // the login node would refuse it too (the certificate lacks the extension); refused
            // here, it never reaches the login node and the audit says why
            audit(forwarding, false, forwarding.refusal);
            if (wantReply) {
                replies.local(false);
            }
            return;
        }
        if (req.equals("shell") || req.equals("exec") || req.equals("subsystem")) {
            kind = describe(req, payload);
            context.audit().record(new AuditEvent.SessionStart(getSession().getUsername(),
                    context.sessionId(getServerSession()), getChannelId(), link.backend().name(), kind));
        }
        if (forwarding != null) {
            // the login node may open agent or X11 channels back for as long as the link lives
            link.noLinger(forwarding.request);
        }
        if (wantReply) {
            replies.expectRemote(forwarding == null ? null
                    : ok -> audit(forwarding, ok, ok ? null : "refused by login node " + link.backend().name()));
        } else if (forwarding != null) {
            audit(forwarding, true, null); // no answer asked for: passed on, the login node decides
        }
        backend.forwardRequest(req, wantReply, payload);
    }

    /** The channel requests that forward something back from the login node, audited as asked and answered. */
    private enum Forwarding {
        AGENT("auth-agent-req@openssh.com", "permit-agent-forwarding",
                "agent forwarding is not permitted for this key (no-agent-forwarding or restrict)"),
        X11("x11-req", "permit-X11-forwarding",
                "X11 forwarding is not permitted for this key (no-X11-forwarding or restrict)");

        final String request;
        final String extension;
        final String refusal;

        Forwarding(String request, String extension, String refusal) {
            this.request = request;
            this.extension = extension;
            this.refusal = refusal;
        }

        static Forwarding of(String req) {
            for (Forwarding f : values()) {
                if (f.request.equals(req)) {
                    return f;
                }
            }
            return null;
        }

        boolean permittedBy(KeyPolicy policy) {
            return policy != null && policy.allows(extension);
        }
    }

    private void audit(Forwarding forwarding, boolean ok, String reason) {
        String user = getSession().getUsername();
        String session = context.sessionId(getServerSession());
        String via = link.backend().name();
        context.audit().record(forwarding == Forwarding.AGENT
                ? new AuditEvent.ForwardAgent(user, session, getChannelId(), via, ok, reason)
                : new AuditEvent.ForwardX11(user, session, getChannelId(), via, ok, reason));
    }

    private static String describe(String req, byte[] payload) {
        if (req.equals("shell")) {
            return "shell";
        }
        Buffer b = new ByteArrayBuffer(payload);
        String arg = b.getString(StandardCharsets.UTF_8);
        if (req.equals("subsystem")) {
            return "subsystem " + arg;
        }
        String program = arg.trim().split("\\s+", 2)[0];
        return "exec " + (program.length() > 64 ? program.substring(0, 64) : program);
    }

    void replyFromBackend(boolean ok) {
        replies.remote(ok);
    }

    @Override
    public void handleSuccess() throws IOException {
        backend.replyFromUser(true);
    }

    @Override
    public void handleFailure() throws IOException {
        backend.replyFromUser(false);
    }

    private void sendReply(boolean ok) {
        try {
            ChannelPackets.reply(this, ok);
        } catch (IOException e) {
            fail(e);
        }
    }

    // ---- login node -> user ----

    CompletableFuture<Void> writeOut(byte[] data, boolean stderr) {
        return writeOut(data, 0, data.length, stderr);
    }

    /** The login node's bytes {@code data[off, off + len)}, which may be reused once this returns. */
    CompletableFuture<Void> writeOut(byte[] data, int off, int len, boolean stderr) {
        bytesDown.addAndGet(len);
        return out.write(data, off, len, stderr);
    }

    /**
     * The login node's EOF, passed on without waiting for it to be written: the session writes
     * packets in order, so the exit status that usually follows goes out right behind it, as from
     * sshd itself. Waiting would widen the gap in which a client that answers EOF with CLOSE at
     * once, and may ignore what comes after its CLOSE, misses the exit status.
     */
    CompletableFuture<Void> eofToUser() {
        try {
            sendEof();
            return CompletableFuture.completedFuture(null);
        } catch (IOException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    void forwardRequest(String req, boolean wantReply, byte[] payload) {
        try {
            ChannelPackets.request(this, req, wantReply, payload);
        } catch (IOException e) {
            fail(e);
        }
    }

    void noteExit(String req, byte[] payload) {
        Buffer b = new ByteArrayBuffer(payload);
        exit = req.equals("exit-status") ? "status " + b.getInt() : "signal " + b.getString();
    }

    /** Passes the login node's exit-status or exit-signal on; runs as a step of the toUser pump. */
    void forwardExit(String req, boolean wantReply, byte[] payload) {
        log.debug("{}: {} to the user", this, req);
        forwardRequest(req, wantReply, payload);
        exitForwarded = true;
        if (closeHeld.get()) {
            answerHeldClose();
        }
    }

    /**
     * Writes {@code text} as a line on the session's stderr, after what is already on its way to
     * the user; completes when written (or failed: the user is gone).
     */
    CompletableFuture<Void> sayOnStderr(String text) {
        String line = pty ? "\r\n" + text + "\r\n" : text + "\n";
        return toUser.then(() -> out == null ? CompletableFuture.completedFuture(null)
                : writeOut(line.getBytes(StandardCharsets.UTF_8), true));
    }

    // ---- teardown ----

    @Override
    public void handleClose() throws IOException {
        BackendSessionChannel b = backend;
        if (b != null && b.eofSeen() && !exitForwarded && !isClosing() && closeHeld.compareAndSet(false, true)) {
            log.debug("{}: the client closed before the exit status came; holding its close", this);
            // Either the exit step already ran in the pump (then this step answers) or it runs later
            // and answers itself: the pump runs steps one after another.
            toUser.then(() -> {
                if (exitForwarded) {
                    answerHeldClose();
                }
                return CompletableFuture.completedFuture(null);
            });
            getSession().getFactoryManager().getScheduledExecutorService()
                    .schedule(this::answerHeldClose, EXIT_WAIT.toMillis(), TimeUnit.MILLISECONDS);
            return;
        }
        super.handleClose();
    }

    private void answerHeldClose() {
        if (heldCloseAnswered.compareAndSet(false, true)) {
            try {
                super.handleClose();
            } catch (IOException | RuntimeException e) {
                fail(e);
            }
        }
    }

    private void backendClosed() {
        BackendSessionChannel b = backend;
        if (!b.endedByPeer() && !b.exitReported() && !isClosing() && link.lostReason() == null) {
            String line = "\r\njumpgate: the connection to login node " + link.backend().name() + " was lost\r\n";
            toUser.then(() -> writeOut(line.getBytes(StandardCharsets.UTF_8), true));
            toUser.then(() -> {
                forwardRequest("exit-status", false, new byte[] {0, 0, 0, (byte) 255});
                exit = "lost";
                return CompletableFuture.completedFuture(null);
            });
            toUser.then(this::eofToUser);
        }
        toUser.then(() -> {
            if (closeHeld.get()) {
                answerHeldClose();
            } else {
                close(false);
            }
            return CompletableFuture.completedFuture(null);
        }).exceptionally(e -> {
            close(true);
            return null;
        });
    }

    private void userClosed() {
        BackendSessionChannel b = backend;
        if (b != null) {
            b.close(false);
        }
        if (ended.compareAndSet(false, true)) {
            BackendLink l = link;
            context.audit().record(new AuditEvent.SessionEnd(getSession().getUsername(),
                    context.sessionId(getServerSession()), getChannelId(), l != null ? l.backend().name() : "none", kind,
                    exit != null ? exit : "none", bytesUp.get(), bytesDown.get(),
                    (System.nanoTime() - startNanos) / 1_000_000_000.0));
        }
    }

    void fail(Throwable e) {
        log.debug("relay {} failed: {}", this, e.toString());
        close(true);
    }
}
