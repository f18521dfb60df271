package org.jumpgate.loadgen.run;

import java.io.IOException;
import java.io.OutputStream;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Consumer;

/**
 * A session held for the run ({@code interactive}, {@code jump}) that sends a probe every
 * interval, after the answer to the previous one, and times the far end's first answer. With
 * several channels held in the session, probes go to each in turn.
 */
abstract class HeldWorker extends Worker {

    private final List<OutputStream> farEnds = new CopyOnWriteArrayList<>();
    private int next;
    private volatile long probeSentAt;
    private volatile boolean awaitingProbe;

    HeldWorker(RunContext ctx, LoadUser user, Consumer<Worker> onEnd) {
        super(ctx, user, onEnd);
    }

    /** What a probe sends. */
    protected abstract byte[] probeBytes();

    /** A channel is open: probes go to it, in turn with the others; returns its writer. */
    protected final OutputStream attach(OutputStream out) {
        farEnds.add(out);
        return out;
    }

    /** Probes start, after a first delay spread over half an interval so sessions do not beat in step. */
    protected final void startProbing() {
        long interval = ctx.plan.interval().toNanos();
        long first = interval / 2 + ThreadLocalRandom.current().nextLong(Math.max(1, interval / 2));
        ctx.schedule(this::probe, Duration.ofNanos(first));
    }

    private void probe() {
        if (!active()) {
            return;
        }
        if (!ctx.tryTakeOp()) {
            return;
        }
        if (!beginOp("probe answer")) {
            ctx.returnOp();
            return;
        }
        awaitingProbe = true;
        probeSentAt = System.nanoTime();
        try {
            byte[] bytes = probeBytes();
            OutputStream toFarEnd = farEnds.get(next);
            next = (next + 1) % farEnds.size();
            toFarEnd.write(bytes);
            toFarEnd.flush();
            ctx.metrics.bytesSent.add(bytes.length);
        } catch (IOException | RuntimeException e) {
            fail(ErrorKind.CLOSED, "cannot send a probe: " + message(e));
        }
    }

    /** Data from the far end: answers the outstanding probe, if any. */
    protected final void received(int len) {
        ctx.metrics.bytesReceived.add(len);
        if (!awaitingProbe) {
            return;
        }
        long now = System.nanoTime();
        synchronized (this) {
            if (!awaitingProbe) {
                return;
            }
            awaitingProbe = false;
        }
        ctx.metrics.record(Metric.ECHO, now - probeSentAt);
        opSucceeded();
        ctx.schedule(this::probe, ctx.plan.interval());
    }

    protected final void sendInitial(OutputStream toFarEnd, byte[] bytes) throws IOException {
        toFarEnd.write(bytes);
        toFarEnd.flush();
        ctx.metrics.bytesSent.add(bytes.length);
    }
}
