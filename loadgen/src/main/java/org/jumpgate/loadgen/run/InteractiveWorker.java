package org.jumpgate.loadgen.run;

import java.io.IOException;
import java.util.EnumMap;
import java.util.Map;
import java.util.function.Consumer;
import org.apache.sshd.client.channel.ChannelShell;
import org.apache.sshd.client.session.ClientSession;
import org.apache.sshd.common.channel.PtyMode;

/**
 * {@code interactive}: a pty shell held for the run. Every interval it types {@code echo} and
 * Enter, and times the first output that follows: the terminal's echo of the first keystroke on a
 * login node with a pty (sshd, the demo's nodes), the echo on {@code echo-node}. The rest of the answer (the echoed line, the
 * next prompt) arrives well within the interval and is not timed.
 */
final class InteractiveWorker extends HeldWorker {

    static final byte[] PROBE = "echo\n".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    static final String TERM = "xterm-256color";
    static final int COLUMNS = 80;
    static final int ROWS = 24;

    private volatile long openAt;
    private volatile boolean firstByte;

    InteractiveWorker(RunContext ctx, LoadUser user, Consumer<Worker> onEnd) {
        super(ctx, user, onEnd);
    }

    @Override
    protected byte[] probeBytes() {
        return PROBE.clone();
    }

    @Override
    void start() {
        armDeadline("session open");
        openSession(this::shell);
    }

    private void shell(ClientSession s) {
        ChannelShell ch;
        try {
            ch = s.createShellChannel();
        } catch (IOException | RuntimeException e) {
            fail(ErrorKind.CHANNEL_OPEN, message(e));
            return;
        }
        ch.setPtyType(TERM);
        ch.setPtyColumns(COLUMNS);
        ch.setPtyLines(ROWS);
        Map<PtyMode, Integer> modes = new EnumMap<>(PtyMode.class);
        modes.put(PtyMode.ECHO, 1);
        modes.put(PtyMode.ICANON, 1);
        modes.put(PtyMode.ICRNL, 1);
        modes.put(PtyMode.ONLCR, 1);
        ch.setPtyModes(modes);
        Sink sink = new Sink((b, off, len) -> {
            if (!firstByte) {
                firstByte = true;
                ctx.metrics.record(Metric.FIRST_BYTE, System.nanoTime() - openAt);
            }
            received(len);
        });
        ch.setOut(sink);
        ch.setErr(sink);
        ch.addCloseFutureListener(c -> fail(ErrorKind.CLOSED, "the shell ended"));
        openAt = System.nanoTime();
        try {
            ch.open().addListener(f -> {
                if (!f.isOpened()) {
                    fail(ErrorKind.CHANNEL_OPEN, message(f.getException()));
                    return;
                }
                cancelDeadline();
                attach(ch.getInvertedIn());
                startProbing();
            });
        } catch (IOException | RuntimeException e) {
            fail(ErrorKind.CHANNEL_OPEN, message(e));
        }
    }
}
