package org.jumpgate.common;

import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;

/** The one place that looks through wrapped exceptions for the failure a person should read. */
public final class Exceptions {

    /** How deep a cause chain is followed; a longer one (or a cycle) stops there. */
    static final int MAX_DEPTH = 32;

    private Exceptions() {
    }

    /**
     * The failure inside the wrappers futures and executors add ({@link CompletionException},
     * {@link ExecutionException}), and inside any wrapper that says nothing itself (no message).
     */
    public static Throwable unwrap(Throwable error) {
        Throwable t = error;
        for (int i = 0; i < MAX_DEPTH && t.getCause() != null && t.getCause() != t; i++) {
            if (t instanceof CompletionException || t instanceof ExecutionException || t.getMessage() == null) {
                t = t.getCause();
            } else {
                break;
            }
        }
        return t;
    }

    /** The deepest cause: what actually went wrong at the bottom (a refused connect, a timeout). */
    public static Throwable rootCause(Throwable error) {
        Throwable t = error;
        for (int i = 0; i < MAX_DEPTH && t.getCause() != null && t.getCause() != t; i++) {
            t = t.getCause();
        }
        return t;
    }

    /** The readable part of a failure: its unwrapped message, or its kind when it has none. */
    public static String describe(Throwable error) {
        Throwable t = unwrap(error);
        String m = t.getMessage();
        return m == null || m.isBlank() ? t.getClass().getSimpleName() : m;
    }
}
