package org.jumpgate.loadgen.run;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.function.Consumer;
import org.apache.sshd.client.channel.ChannelDirectTcpip;
import org.apache.sshd.client.session.ClientSession;
import org.apache.sshd.common.util.net.SshdSocketAddress;

/**
 * {@code jump}: direct-tcpip channels through the gateway to the jump target, held for the run,
 * as {@code ssh -J} holds one (or a ControlMaster connection, or an editor's port forwards, hold
 * several on one connection). The session opens its channels one after another. Opening one sends
 * an SSH identification line, so an sshd (a compute node) answers with its own and then waits for
 * key exchange (it closes the channel after its LoginGraceTime, counted as {@code closed}); an
 * echo target returns the line, and then every interval a probe byte goes to the next channel in
 * turn and is timed. Each channel's open and first byte back is one operation; each echoed probe
 * is one more.
 */
final class JumpWorker extends HeldWorker {

    static final byte[] IDENT = "SSH-2.0-jumpgate_load\r\n".getBytes(StandardCharsets.US_ASCII);
    static final byte PROBE = 'p';
    static final SshdSocketAddress ORIGIN = new SshdSocketAddress("127.0.0.1", 0);

    private int opened;
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
        Held held = new Held(s);
        ch.setOut(new Sink(held::data));
        ch.addCloseFutureListener(c -> fail(ErrorKind.CLOSED, "a jump channel was closed by the far end"));
        try {
            ch.open().addListener(f -> {
                if (!f.isOpened()) {
                    fail(ErrorKind.CHANNEL_OPEN, message(f.getException()));
                    return;
                }
                try {
                    sendInitial(attach(ch.getInvertedIn()), IDENT);
                } catch (IOException | RuntimeException e) {
                    fail(ErrorKind.CLOSED, "cannot write to the jump channel: " + message(e));
                }
            });
        } catch (IOException | RuntimeException e) {
            fail(ErrorKind.CHANNEL_OPEN, message(e));
        }
    }

    /** One channel's first answer decided: the next channel opens, or probing starts once all are. */
    private void firstAnswer(ClientSession s, boolean echoing) {
        echoes = echoing;
        opSucceeded();
        boolean more;
        synchronized (this) {
            opened++;
            more = opened < ctx.plan.channels();
        }
        if (more) {
            channel(s);
        } else if (echoes) {
            startProbing();
        }
    }

    /** One held channel: its first bytes decide whether the far end echoes; later bytes answer probes. */
    private final class Held {
        private final ClientSession session;
        private final byte[] firstBytes = new byte[IDENT.length];
        private final long openAt = System.nanoTime();
        private int firstCount;
        private boolean decided;

        Held(ClientSession session) {
            this.session = session;
        }

        void data(byte[] b, int off, int len) {
            boolean echoing;
            synchronized (this) {
                if (decided) {
                    if (echoes) {
                        received(len);
                    } else {
                        ctx.metrics.bytesReceived.add(len);
                    }
                    return;
                }
                ctx.metrics.bytesReceived.add(len);
                int n = Math.min(len, firstBytes.length - firstCount);
                System.arraycopy(b, off, firstBytes, firstCount, n);
                firstCount += n;
                echoing = Arrays.equals(firstBytes, 0, firstCount, IDENT, 0, firstCount);
                decided = !echoing || firstCount == IDENT.length;
                if (!decided) {
                    return;
                }
            }
            ctx.metrics.record(Metric.FIRST_BYTE, System.nanoTime() - openAt);
            firstAnswer(session, echoing);
        }
    }

}
