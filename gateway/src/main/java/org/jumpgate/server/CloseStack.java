package org.jumpgate.server;

import java.util.ArrayDeque;
import java.util.Deque;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The parts of a gateway in the order they were started, closed in the reverse order: what was
 * started last (the listeners) stops first, what everything else writes to (the audit log, the
 * metrics) stops last. A part that fails to close is logged and the rest still close.
 */
final class CloseStack implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(CloseStack.class);

    private record Part(String name, AutoCloseable closer) {
    }

    private final Deque<Part> parts = new ArrayDeque<>();

    /** Pushes a started part; returns it, so a start reads {@code x = stack.push("x", start())}. */
    <T extends AutoCloseable> T push(String name, T part) {
        onClose(name, part);
        return part;
    }

    /** Pushes how to stop a part that is not itself closeable. */
    synchronized void onClose(String name, AutoCloseable closer) {
        parts.push(new Part(name, closer));
    }

    /** Closes every part, last pushed first; idempotent. */
    @Override
    public void close() {
        while (true) {
            Part p;
            synchronized (this) {
                p = parts.poll();
            }
            if (p == null) {
                return;
            }
            try {
                p.closer().close();
            } catch (Exception e) {
                LOG.warn("stopping {}: {}", p.name(), e.toString());
            }
        }
    }
}
