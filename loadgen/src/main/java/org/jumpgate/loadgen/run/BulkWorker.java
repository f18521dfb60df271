package org.jumpgate.loadgen.run;

import java.io.IOException;
import java.time.Duration;
import java.util.function.Consumer;
import org.apache.sshd.client.channel.ChannelExec;
import org.apache.sshd.client.session.ClientSession;
import org.apache.sshd.common.channel.StreamingChannel;
import org.apache.sshd.common.io.IoInputStream;
import org.apache.sshd.common.io.IoOutputStream;
import org.apache.sshd.common.util.buffer.ByteArrayBuffer;

/**
 * {@code bulk}: what {@code scp} does for an upload, in one session held for the run: exec the
 * bulk command ({@code cat > /dev/null}), stream the plan's bytes into it with asynchronous writes
 * (the channel window is the only brake), send EOF, and wait for exit status 0. One transfer, one
 * operation; the next starts in a new channel of the same session.
 */
final class BulkWorker extends Worker {

    /** Bytes per write; MINA splits them into packets the window allows. */
    static final int CHUNK = 64 * 1024;
    private static final byte[] ZEROS = new byte[CHUNK];
    static final int DRAIN_BUFFER = 8 * 1024;

    /** Every this many writes, the next one starts from the timer rather than the previous one's callback. */
    static final int TRAMPOLINE = 32;

    private volatile long transferStartedAt;
    private int writes;

    BulkWorker(RunContext ctx, LoadUser user, Consumer<Worker> onEnd) {
        super(ctx, user, onEnd);
    }

    @Override
    void start() {
        armDeadline("session open");
        openSession(s -> {
            cancelDeadline();
            next(s);
        });
    }

    private void next(ClientSession s) {
        if (!active() || !ctx.tryTakeOp()) {
            return;
        }
        if (!beginOp("transfer")) {
            ctx.returnOp();
            return;
        }
        ChannelExec ch;
        try {
            ch = s.createExecChannel(ctx.plan.bulkCommand());
        } catch (IOException | RuntimeException e) {
            fail(ErrorKind.CHANNEL_OPEN, message(e));
            return;
        }
        ch.setStreaming(StreamingChannel.Streaming.Async);
        ch.addCloseFutureListener(c -> {
            Integer status = ch.getExitStatus();
            if (status == null) {
                fail(ErrorKind.CLOSED, "'" + ctx.plan.bulkCommand() + "' ended without an exit status");
            } else if (status != 0) {
                fail(ErrorKind.EXIT_STATUS, "'" + ctx.plan.bulkCommand() + "' exited with " + status);
            } else {
                ctx.metrics.record(Metric.TRANSFER, System.nanoTime() - transferStartedAt);
                opSucceeded();
                ctx.schedule(() -> next(s), Duration.ZERO);
            }
        });
        transferStartedAt = System.nanoTime();
        try {
            ch.open().addListener(f -> {
                if (!f.isOpened()) {
                    fail(ErrorKind.CHANNEL_OPEN, message(f.getException()));
                    return;
                }
                drain(ch.getAsyncOut());
                drain(ch.getAsyncErr());
                write(ch.getAsyncIn(), ctx.plan.bulkBytes());
            });
        } catch (IOException | RuntimeException e) {
            fail(ErrorKind.CHANNEL_OPEN, message(e));
        }
    }

    private void write(IoOutputStream in, long remaining) {
        if (remaining <= 0) {
            in.close(false);
            return;
        }
        int len = (int) Math.min(CHUNK, remaining);
        try {
            in.writeBuffer(new ByteArrayBuffer(ZEROS, 0, len)).addListener(w -> {
                if (!w.isWritten()) {
                    fail(ErrorKind.CLOSED, "transfer write failed: " + message(w.getException()));
                    return;
                }
                ctx.metrics.bytesSent.add(len);
                if (++writes % TRAMPOLINE == 0) {
                    // a write that completes at once calls back on this stack: unwind now and then
                    ctx.schedule(() -> write(in, remaining - len), Duration.ZERO);
                } else {
                    write(in, remaining - len);
                }
            });
        } catch (IOException | RuntimeException e) {
            fail(ErrorKind.CLOSED, "transfer write failed: " + message(e));
        }
    }

    /** Reads and counts whatever the command prints, so its window never fills. */
    private void drain(IoInputStream from) {
        if (from == null) {
            return;
        }
        ByteArrayBuffer buf = new ByteArrayBuffer(DRAIN_BUFFER);
        from.read(buf).addListener(r -> {
            if (r.getException() != null || r.getRead() < 0) {
                return;
            }
            ctx.metrics.bytesReceived.add(r.getRead());
            drain(from);
        });
    }
}
