package org.jumpgate.balancer;

import java.util.List;

/**
 * Orders the login nodes a new session may go to. The gateway tries the candidates in order
 * until one accepts its backend link, then reports the live session with
 * {@link #sessionStarted(String, String)} and closes the returned handle when it ends.
 */
public interface BackendSelector {

    /**
     * Candidates for a new backend link of {@code user}, best first.
     *
     * @param user the authenticated user name
     * @param pin  the backend name the user asked for (a pinned listener, a jump to a login node's
     *             name), or {@code null}
     * @return the candidates, never {@code null}; empty when no backend may take a session now
     */
    List<Backend> pick(String user, String pin);

    /**
     * Records that {@code user} now has a live backend link on {@code backend}.
     *
     * @return a handle to close (once; further closes are ignored) when that link ends
     */
    SessionHandle sessionStarted(String backend, String user);

    /** A live session's place in the selector's accounting. */
    interface SessionHandle extends AutoCloseable {
        @Override
        void close();
    }

    /**
     * The simplest selector: the configured backends in configuration order, pin first when it
     * names one of them. No probing, no load; for tests and the first release.
     */
    static BackendSelector inOrder(List<Backend> backends) {
        return new InOrderSelector(backends);
    }
}
