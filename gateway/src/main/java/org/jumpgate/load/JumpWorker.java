package org.jumpgate.load;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.function.Consumer;
import org.apache.sshd.client.channel.ChannelDirectTcpip;
import org.apache.sshd.client.session.ClientSession;
import org.apache.sshd.common.util.net.SshdSocketAddress;

/**
 * {@code jump}: a direct-tcpip channel through the gateway to the jump target, held for the run,
 * as {@code ssh -J} holds one. Opening it sends an SSH identification line, so an sshd (a compute
 * node) answers with its own and then waits for key exchange (it closes the channel after its
 * LoginGraceTime, counted as {@code closed}); an echo target returns the line, and then every
 * interval a probe byte is echoed and timed. The open and the first byte back are one operation;
 * each echoed probe is one more.
 */
final class JumpWorker extends HeldWorker {

    static final byte[] IDENT = "SSH-2.0-jumpgate_load\r\n".getBytes(StandardCharsets.US_ASCII);
    static final byte PROBE = 'p';
    static final SshdSocketAddress ORIGIN = new SshdSocketAddress("127.0.0.1", 0);

    private final byte[] firstBytes = new byte[IDENT.length];
    private int firstCount;
    private volatile long openAt;
    private volatile boolean firstByte;
    private volatile boolean echoes;

    JumpWorker(RunContext ctx, LoadUser user, Consumer<Worker> onEnd) {
        super(ctx, user, onEnd);
    }

    @Override
    protected byte[] probeBytes() {
        return new byte[] {PROBE};
    }

    @Override
    void start() {
        armDeadline("session open");
        openSession(this::channel);
    }

    private void channel(ClientSession s) {
        cancelDeadline();
        if (!ctx.tryTakeOp()) {
            return;
        }
        if (!beginOp("jump channel open and first byte")) {
            ctx.returnOp();
            return;
        }
        ChannelDirectTcpip ch;
        try {
            ch = s.createDirectTcpipChannel(ORIGIN,
                    new SshdSocketAddress(ctx.plan.jumpTarget().host(), ctx.plan.jumpTarget().port()));
        } catch (IOException | RuntimeException e) {
            fail(ErrorKind.CHANNEL_OPEN, message(e));
            return;
        }
        ch.setOut(new Sink(this::data));
        ch.addCloseFutureListener(c -> fail(ErrorKind.CLOSED, "the jump channel was closed by the far end"));
        openAt = System.nanoTime();
        try {
            ch.open().addListener(f -> {
                if (!f.isOpened()) {
                    fail(ErrorKind.CHANNEL_OPEN, message(f.getException()));
                    return;
                }
                try {
                    attach(ch.getInvertedIn());
                    sendInitial(IDENT);
                } catch (IOException | RuntimeException e) {
                    fail(ErrorKind.CLOSED, "cannot write to the jump channel: " + message(e));
                }
            });
        } catch (IOException | RuntimeException e) {
            fail(ErrorKind.CHANNEL_OPEN, message(e));
        }
    }

    private void data(byte[] b, int off, int len) {
        if (firstByte) {
            if (echoes) {
                received(len);
            } else {
                ctx.metrics.bytesReceived.add(len);
            }
            return;
        }
        ctx.metrics.bytesReceived.add(len);
        boolean decided;
        synchronized (this) {
            int n = Math.min(len, firstBytes.length - firstCount);
            System.arraycopy(b, off, firstBytes, firstCount, n);
            firstCount += n;
            boolean prefix = Arrays.equals(firstBytes, 0, firstCount, IDENT, 0, firstCount);
            decided = !prefix || firstCount == IDENT.length;
            if (!decided) {
                return;
            }
            firstByte = true;
            echoes = prefix;
        }
        ctx.metrics.record(Metric.FIRST_BYTE, System.nanoTime() - openAt);
        opSucceeded();
        if (echoes) {
            startProbing();
        }
    }
}
