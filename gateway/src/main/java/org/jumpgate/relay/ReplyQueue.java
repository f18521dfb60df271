package org.jumpgate.relay;

import java.util.ArrayDeque;
import java.util.function.Consumer;

/**
 * Replies to channel requests in the order the requests came (RFC 4254 5.4), whether the answer
 * comes from the other side of the relay or is given here (a refused {@code env}).
 */
final class ReplyQueue {

    private static final class Slot {
        final boolean remote;
        Boolean result;

        Slot(boolean remote, Boolean result) {
            this.remote = remote;
            this.result = result;
        }
    }

    private final ArrayDeque<Slot> slots = new ArrayDeque<>();
    private final Consumer<Boolean> sender;

    ReplyQueue(Consumer<Boolean> sender) {
        this.sender = sender;
    }

    /** A request was forwarded; its reply will come through {@link #remote(boolean)}. */
    synchronized void expectRemote() {
        slots.add(new Slot(true, null));
    }

    /** A request answered here. */
    synchronized void local(boolean ok) {
        slots.add(new Slot(false, ok));
        flush();
    }

    /** The other side answered the oldest forwarded request; returns false if none was waiting. */
    synchronized boolean remote(boolean ok) {
        for (Slot s : slots) {
            if (s.remote && s.result == null) {
                s.result = ok;
                flush();
                return true;
            }
        }
        return false;
    }

    private void flush() {
        while (!slots.isEmpty() && slots.peek().result != null) {
            sender.accept(slots.poll().result);
        }
    }
}
