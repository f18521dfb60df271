package org.jumpgate.balancer.probe;

import io.netty.channel.ChannelException;
import io.netty.handler.codec.DecoderException;
import java.io.IOException;
import java.util.concurrent.TimeoutException;

/** A failed probe; its message is the reason shown in the backend's state. No stack trace. */
final class ProbeFailure extends Exception {

    /** Causes followed at most, looking for the root one. */
    private static final int MAX_CAUSES = 8;

    ProbeFailure(String reason) {
        super(reason, null, false, false);
    }

    /**
     * One line for {@code t}: its message, or its class's name, and the message of its root cause
     * when that says more ({@code Failed to open a socket (Too many open files)}).
     */
    static String reasonOf(Throwable t) {
        if (t instanceof ProbeFailure) {
            return t.getMessage();
        }
        String message = messageOf(t);
        Throwable root = t;
        for (int depth = 0; root.getCause() != null && root.getCause() != root && depth < MAX_CAUSES; depth++) {
            root = root.getCause();
        }
        if (root != t && root.getMessage() != null && !message.contains(root.getMessage())) {
            String m = message.endsWith(".") ? message.substring(0, message.length() - 1) : message;
            return m + " (" + root.getMessage() + ")";
        }
        return message;
    }

    /**
     * Whether {@code t} is what networks and remote programs do (refused, reset, timed out, no
     * descriptors left, a malformed reply): logged as one line, never with a stack trace.
     */
    static boolean expected(Throwable t) {
        return t instanceof ProbeFailure || t instanceof IOException || t instanceof ChannelException
                || t instanceof DecoderException || t instanceof TimeoutException;
    }

    private static String messageOf(Throwable t) {
        String message = t.getMessage();
        return message == null ? t.getClass().getSimpleName() : message;
    }
}
