package org.jumpgate.loadgen.run;

import java.io.IOException;
import java.io.OutputStream;
import java.net.ConnectException;
import java.util.Arrays;
import java.util.concurrent.ScheduledFuture;
import java.util.function.Consumer;
import org.apache.sshd.client.auth.keyboard.UserInteraction;
import org.apache.sshd.client.future.AuthFuture;
import org.apache.sshd.client.future.ConnectFuture;
import org.apache.sshd.client.session.ClientSession;
import org.apache.sshd.common.kex.KexState;
import org.apache.sshd.common.session.Session;
import org.apache.sshd.common.session.SessionListener;
import org.jumpgate.common.Exceptions;

/**
 * One simulated user's SSH session and what it does in it. Callbacks arrive on MINA's I/O threads
 * and the run's timer; state changes are synchronized on the worker. A worker ends exactly once
 * and tells the run; its failures are counted once, by kind.
 */
abstract class Worker {

    protected final RunContext ctx;
    protected final LoadUser user;
    protected volatile ClientSession session;
    private boolean ended;
    private boolean inOp;
    private boolean failed;
    protected boolean stopping;
    protected boolean closingByUs;
    private boolean aborted;
    private volatile boolean asked;
    private volatile UserPool.Answer answerFailure;
    private volatile long kexDoneAt;
    private ScheduledFuture<?> deadline;
    private final Consumer<Worker> onEnd;

    Worker(RunContext ctx, LoadUser user, Consumer<Worker> onEnd) {
        this.ctx = ctx;
        this.user = user;
        this.onEnd = onEnd;
    }

    abstract void start();

    /** The run stops starting work: held sessions close; work in flight may finish or is dropped. */
    void stop() {
        ClientSession s;
        synchronized (this) {
            if (ended || stopping) {
                return;
            }
            stopping = true;
            if (inOp) {
                inOp = false;
                ctx.outstanding.decrementAndGet();
            }
            closingByUs = true;
            s = session;
        }
        cancelDeadline();
        if (s != null) {
            s.close(false);
        } else {
            // still connecting: the connect callback sees stopping and closes
            synchronized (this) {
                if (session == null && !connecting) {
                    end();
                }
            }
        }
    }

    /** The hard limit: whatever runs is aborted and counted as such. */
    void abort() {
        ClientSession s;
        synchronized (this) {
            if (ended) {
                return;
            }
            aborted = true;
            if (inOp) {
                ctx.metrics.error(ErrorKind.ABORTED, "still running at the hard time limit");
                inOp = false;
                ctx.outstanding.decrementAndGet();
            }
            s = session;
            end();
        }
        if (s != null) {
            s.close(true);
        }
    }

    private boolean connecting;

    /** Connects, exchanges keys and authenticates, recording each phase; then {@code then}. */
    protected final void openSession(Consumer<ClientSession> then) {
        long t0 = System.nanoTime();
        ConnectFuture cf;
        synchronized (this) {
            connecting = true;
        }
        try {
            cf = ctx.client.connect(user.name(), ctx.address);
        } catch (IOException | RuntimeException e) {
            authFinished(false);
            fail(ErrorKind.CONNECT, message(e));
            return;
        }
        cf.addListener(f -> {
            if (!f.isConnected()) {
                Throwable e = f.getException();
                authFinished(false);
                fail(Exceptions.rootCause(e) instanceof ConnectException ? ErrorKind.CONNECT_REFUSED : ErrorKind.CONNECT,
                        message(e));
                return;
            }
            long t1 = System.nanoTime();
            ctx.metrics.record(Metric.CONNECT, t1 - t0);
            ctx.metrics.connected.incrementAndGet();
            ClientSession s = f.getSession();
            boolean closeNow;
            synchronized (this) {
                connecting = false;
                session = s;
                closeNow = aborted || stopping || ended;
            }
            if (closeNow) {
                authFinished(false);
                s.close(true);
                synchronized (this) {
                    end();
                }
                return;
            }
            s.addSessionListener(new SessionListener() {
                @Override
                public void sessionEvent(Session session, Event event) {
                    if (event == Event.KexCompleted) {
                        kexDone(t1);
                    }
                }
            });
            if (s.getKexState() == KexState.DONE) {
                kexDone(t1);
            }
            s.addCloseFutureListener(c -> sessionClosed());
            s.addPublicKeyIdentity(user.key());
            s.setUserInteraction(new CodeAnswers());
            AuthFuture af;
            try {
                af = s.auth();
            } catch (IOException | RuntimeException e) {
                authFinished(false);
                fail(ErrorKind.AUTH, message(e));
                return;
            }
            af.addListener(a -> {
                boolean ok = a.isSuccess();
                authFinished(ok);
                if (!ok) {
                    fail(authFailureKind(s), authFailureMessage(a.getException()));
                    return;
                }
                long t2 = System.nanoTime();
                ctx.metrics.record(Metric.AUTH, t2 - (kexDoneAt > 0 ? kexDoneAt : t1));
                ctx.metrics.sessionsOpened.increment();
                then.accept(s);
            });
        });
    }

    private void kexDone(long connectedAt) {
        if (kexDoneAt == 0) {
            long now = System.nanoTime();
            kexDoneAt = now;
            ctx.metrics.record(Metric.KEX, now - connectedAt);
        }
    }

    private boolean leaseHeld = true;

    private void authFinished(boolean ok) {
        synchronized (this) {
            if (!leaseHeld) {
                return;
            }
            leaseHeld = false;
        }
        ctx.users.release(user, ok, asked);
        ctx.changed();
    }

    private ErrorKind authFailureKind(ClientSession s) {
        if (Boolean.TRUE.equals(s.getAttribute(HostKeyCheck.REJECTED))) {
            return ErrorKind.HOST_KEY;
        }
        UserPool.Answer a = answerFailure;
        if (a != null) {
            return a.failure();
        }
        return kexDoneAt == 0 ? ErrorKind.KEX : ErrorKind.AUTH;
    }

    private String authFailureMessage(Throwable e) {
        UserPool.Answer a = answerFailure;
        if (a != null) {
            return a.why();
        }
        ClientSession s = session;
        if (s != null && Boolean.TRUE.equals(s.getAttribute(HostKeyCheck.REJECTED))) {
            return "the target's host key is not in the known_hosts file";
        }
        return message(e);
    }

    private void sessionClosed() {
        boolean broken;
        boolean ours;
        synchronized (this) {
            broken = aborted || failed;
            ours = closingByUs;
        }
        if (!broken) {
            if (ours) {
                closedByUs();
            } else {
                fail(ErrorKind.CLOSED, "session closed by the far end");
            }
        }
        synchronized (this) {
            end();
        }
    }

    /** The session closed after we closed it: the end of a login, or of a held session. */
    protected void closedByUs() {
    }

    /** Starts an operation that must finish within the plan's timeout. */
    protected final synchronized boolean beginOp(String what) {
        if (ended || stopping) {
            return false;
        }
        inOp = true;
        ctx.outstanding.incrementAndGet();
        armDeadline(what);
        return true;
    }

    /** The current operation succeeded. */
    protected final void opSucceeded() {
        synchronized (this) {
            if (!inOp) {
                return;
            }
            inOp = false;
            ctx.outstanding.decrementAndGet();
        }
        cancelDeadline();
        ctx.metrics.completed.increment();
        ctx.changed();
    }

    protected final synchronized void armDeadline(String what) {
        cancelDeadline();
        deadline = ctx.schedule(() -> fail(ErrorKind.TIMEOUT, what + " took longer than "
                + LoadPlan.text(ctx.plan.timeout())), ctx.plan.timeout());
    }

    protected final synchronized void cancelDeadline() {
        if (deadline != null) {
            deadline.cancel(false);
            deadline = null;
        }
    }

    /** Counts the failure (once), closes the session and ends the worker. */
    protected final void fail(ErrorKind kind, String message) {
        ClientSession s;
        synchronized (this) {
            if (failed || ended || (stopping && kind == ErrorKind.CLOSED)) {
                if (!ended && session == null) {
                    end();
                }
                return;
            }
            failed = true;
            ctx.metrics.error(kind, message);
            if (inOp) {
                inOp = false;
                ctx.outstanding.decrementAndGet();
            }
            s = session;
            if (s == null) {
                end();
            }
        }
        cancelDeadline();
        if (s != null) {
            s.close(true);
        }
        ctx.changed();
    }

    protected final synchronized boolean active() {
        return !ended && !stopping && !failed;
    }

    /** Must hold the lock. */
    protected final void end() {
        if (ended) {
            return;
        }
        ended = true;
        connecting = false;
        onEnd.accept(this);
    }

    static String message(Throwable e) {
        if (e == null) {
            return "unknown";
        }
        Throwable r = Exceptions.rootCause(e);
        String m = r.getMessage();
        return r.getClass().getSimpleName() + (m != null ? ": " + m : "");
    }

    /** Answers the gateway's one-time-code prompt as a user's authenticator app would. */
    private final class CodeAnswers implements UserInteraction {
        @Override
        public String[] interactive(ClientSession s, String name, String instruction, String lang, String[] prompts,
                                    boolean[] echo) {
            if (prompts == null || prompts.length == 0) {
                return new String[0];
            }
            asked = true;
            UserPool.Answer a = ctx.users.answer(user);
            if (a.code() == null) {
                answerFailure = a;
                return null;
            }
            String[] out = new String[prompts.length];
            Arrays.fill(out, a.code());
            return out;
        }

        @Override
        public String getUpdatedPassword(ClientSession s, String prompt, String lang) {
            return null;
        }
    }

    /** Hands every chunk a channel receives to {@code sink} (on the I/O thread; never blocks). */
    static final class Sink extends OutputStream {
        interface Data {
            void received(byte[] b, int off, int len);
        }

        private final Data data;

        Sink(Data data) {
            this.data = data;
        }

        @Override
        public void write(int b) {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] b, int off, int len) {
            if (len > 0) {
                data.received(b, off, len);
            }
        }
    }
}
