package org.jumpgate.demo;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Duration;

/**
 * The bytes between a session channel and its program, one daemon thread per direction: channel
 * data to the program's stdin or pty; the program's output to the channel's data, and on pipes
 * its stderr to the channel's extended data. At the client's EOF a stdin pipe closes (a pty has
 * no EOF to pass on). Output ends at the program's EOF, or EIO on a pty once nothing is left on it.
 */
final class SessionStreams {

    private final Thread output;
    private final Thread errors;

    private SessionStreams(Thread output, Thread errors) {
        this.output = output;
        this.errors = errors;
    }

    /** Starts copying; {@code name} names the threads (node and pid). */
    static SessionStreams start(String name, SessionProcess p, InputStream fromClient, OutputStream out,
            OutputStream err) {
        thread(name + "-in", () -> feed(fromClient, p));
        Thread output = pump(name + "-out", p.output(), out);
        Thread errors = p.errors().map(e -> pump(name + "-err", e, err)).orElse(null);
        return new SessionStreams(output, errors);
    }

    /** Waits until the program's output has all gone to the channel, at most {@code limit} per stream. */
    void awaitDrained(Duration limit) throws InterruptedException {
        output.join(limit.toMillis());
        if (errors != null) {
            errors.join(limit.toMillis());
        }
    }

    /** Starts a daemon thread. */
    static Thread thread(String name, Runnable body) {
        Thread t = new Thread(body, name);
        t.setDaemon(true);
        t.start();
        return t;
    }

    private static void feed(InputStream fromClient, SessionProcess p) {
        OutputStream to = p.input();
        byte[] buf = new byte[8192];
        try {
            for (int n = fromClient.read(buf); n >= 0; n = fromClient.read(buf)) {
                to.write(buf, 0, n);
                to.flush();
            }
            if (!p.onPty()) {
                to.close();
            }
        } catch (IOException e) {
            // the program or the channel went away: the session is ending
        }
    }

    private static Thread pump(String name, InputStream from, OutputStream to) {
        return thread(name, () -> {
            byte[] buf = new byte[32 * 1024];
            try {
                for (int n = from.read(buf); n >= 0; n = from.read(buf)) {
                    to.write(buf, 0, n);
                    to.flush();
                }
            } catch (IOException e) {
                // a pty reads EIO once the last program on it is gone: that is its end of output
            }
        });
    }
}
