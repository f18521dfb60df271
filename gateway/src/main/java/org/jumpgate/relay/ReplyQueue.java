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
        final Consumer<Boolean> onAnswer;
        Boolean result;

        Slot(boolean remote, Boolean result, Consumer<Boolean> onAnswer) {
            this.remote = remote;
            this.result = result;
            this.onAnswer = onAnswer;
        }
    }

    private final ArrayDeque<Slot> slots = new ArrayDeque<>();
    private final Consumer<Boolean> sender;

    ReplyQueue(Consumer<Boolean> sender) {
        this.sender = sender;
    }

    /** A request was forwarded; its reply will come through {@link #remote(boolean)}. */
    void expectRemote() {
        expectRemote(null);
    }

    /**
     * A request was forwarded; its reply will come through {@link #remote(boolean)}, and is also
     * given to {@code onAnswer} (if not null; called outside this queue's lock, e.g. to audit it).
     */
    synchronized void expectRemote(Consumer<Boolean> onAnswer) {
        slots.add(new Slot(true, null, onAnswer));
    }

    /** A request answered here. */
    synchronized void local(boolean ok) {
        slots.add(new Slot(false, ok, null));
        flush();
    }

    /** The other side answered the oldest forwarded request; returns false if none was waiting. */
    boolean remote(boolean ok) {
        Consumer<Boolean> onAnswer;
        synchronized (this) {
            Slot answered = null;
            for (Slot s : slots) {
                if (s.remote && s.result == null) {
                    answered = s;
                    break;
                }
            }
            if (answered == null) {
                return false;
            }
            answered.result = ok;
            onAnswer = answered.onAnswer;
            flush();
        }
        if (onAnswer != null) {
            onAnswer.accept(ok);
        }
        return true;
    }

    private void flush() {
        while (!slots.isEmpty() && slots.peek().result != null) {
            sender.accept(slots.poll().result);
        }
    }
}
