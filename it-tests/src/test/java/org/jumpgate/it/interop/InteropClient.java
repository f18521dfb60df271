package org.jumpgate.it.interop;

import java.nio.file.Path;
import java.util.List;
import java.util.function.Supplier;
import org.jumpgate.it.fixture.Result;
import org.opentest4j.TestAbortedException;

/**
 * One third-party SSH client driven against the gateway: a small runner that knows how to give
 * that client the user's key and how to answer the one-time code prompt with what the client
 * supports. Each method logs in anew (key, then a code from {@code codes}; a method that needs
 * several connections takes several codes) and does one thing as a user of that client would.
 * A method the client itself cannot do throws a JUnit assumption failure (skipped, with the
 * reason), never passes.
 */
interface InteropClient extends AutoCloseable {

    /** The client and its version as the program reports it, e.g. {@code PuTTY 0.78 (plink, pscp, psftp)}. */
    String name();

    /** Runs {@code command} on the login node (no pty, stdin empty); its exit status and output. */
    Result exec(Supplier<String> codes, String command);

    /**
     * Opens a session with a 24x80 pty, runs {@code stty size}, resizes the client's window to
     * 40x120 (a {@code window-change} request), runs {@code stty size} again; the output lines
     * of both (and whatever else the remote printed).
     */
    List<String> ptySizes(Supplier<String> codes);

    /** Uploads {@code local} to {@code remote} (relative to the home dir), downloads it to {@code download}, removes it. */
    void roundTrip(Supplier<String> codes, Path local, String remote, Path download);

    /** Runs {@code command} on compute node {@code node}, jumping through the gateway (the node checks the user's own key). */
    Result jump(Supplier<String> codes, String node, String command);

    /**
     * A local forward ({@code -L} or its equivalent) to {@code localhost:port} as the login node
     * sees it; sends {@code text} and a newline through it and returns the line that came back.
     */
    String forward(Supplier<String> codes, int port, String text);

    /**
     * Logs in and reports the cipher and MAC negotiated for server-to-client data, as the client
     * itself shows them, e.g. {@code aes128-gcm@openssh.com MAC <implicit>}. Clients that cannot
     * show them are skipped.
     */
    default String cipher(Supplier<String> codes) {
        throw new TestAbortedException(name() + ": the runner does not read the negotiated cipher");
    }

    /** Stops every process this client started (by pid) and removes its files. */
    @Override
    void close();
}
