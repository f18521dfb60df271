package org.jumpgate.loadgen.run;

import java.io.IOException;
import java.util.function.Consumer;
import org.apache.sshd.client.channel.ChannelExec;
import org.apache.sshd.client.session.ClientSession;
import org.apache.sshd.common.channel.Channel;
import org.apache.sshd.common.channel.ChannelListener;

/** {@code login}: connect, key exchange, auth, exec {@code true}, disconnect. One login, one operation. */
final class LoginWorker extends Worker {

    static final String COMMAND = "true";

    private long startedAt;
    private volatile long channelOpenAt;
    private volatile boolean firstByte;

    LoginWorker(RunContext ctx, LoadUser user, Consumer<Worker> onEnd) {
        super(ctx, user, onEnd);
    }

    @Override
    void start() {
        startedAt = System.nanoTime();
        if (!beginOp("login")) {
            return;
        }
        openSession(this::exec);
    }

    /** A login in flight finishes even when the run stops starting new ones (the hard limit bounds it). */
    @Override
    void stop() {
    }

    private void exec(ClientSession s) {
        ChannelExec ch;
        try {
            ch = s.createExecChannel(COMMAND);
        } catch (IOException | RuntimeException e) {
            fail(ErrorKind.CHANNEL_OPEN, message(e));
            return;
        }
        Sink sink = new Sink((b, off, len) -> {
            ctx.metrics.bytesReceived.add(len);
            firstByte();
        });
        ch.setOut(sink);
        ch.setErr(sink);
        ch.addChannelListener(new ChannelListener() {
            @Override
            public void channelStateChanged(Channel channel, String hint) {
                if ("exit-status".equals(hint)) {
                    firstByte();
                }
            }
        });
        ch.addCloseFutureListener(c -> {
            Integer status = ch.getExitStatus();
            if (status == null) {
                fail(ErrorKind.CLOSED, "'" + COMMAND + "' ended without an exit status");
            } else if (status != 0) {
                fail(ErrorKind.EXIT_STATUS, "'" + COMMAND + "' exited with " + status);
            } else {
                firstByte();
                synchronized (this) {
                    closingByUs = true;
                }
                s.close(false);
            }
        });
        channelOpenAt = System.nanoTime();
        try {
            ch.open().addListener(f -> {
                if (!f.isOpened()) {
                    fail(ErrorKind.CHANNEL_OPEN, message(f.getException()));
                }
            });
        } catch (IOException | RuntimeException e) {
            fail(ErrorKind.CHANNEL_OPEN, message(e));
        }
    }

    private void firstByte() {
        synchronized (this) {
            if (firstByte) {
                return;
            }
            firstByte = true;
        }
        ctx.metrics.record(Metric.FIRST_BYTE, System.nanoTime() - channelOpenAt);
    }

    @Override
    protected void closedByUs() {
        ctx.metrics.record(Metric.LOGIN, System.nanoTime() - startedAt);
        opSucceeded();
    }
}
