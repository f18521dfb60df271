package org.jumpgate.it.interop;

import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;
import org.awaitility.core.ConditionTimeoutException;
import org.jumpgate.it.fixture.BackgroundProcess;
import org.jumpgate.it.gateway.EchoServer;

/** The client side of a local forward: a line through the client's listening port, once it listens. */
final class Forwards {

    static final Duration LISTEN = Duration.ofSeconds(30);

    private Forwards() {
    }

    /**
     * Sends {@code text} to 127.0.0.1:{@code localPort} until the echo comes back (the client may
     * still be logging in and not listen yet), at most {@link #LISTEN}; fails with the client's
     * output if it exits or nothing comes back.
     */
    static String awaitEcho(int localPort, String text, BackgroundProcess client) {
        AtomicReference<String> got = new AtomicReference<>();
        AtomicReference<Exception> last = new AtomicReference<>();
        try {
            await("echo through 127.0.0.1:" + localPort).atMost(LISTEN).pollDelay(Duration.ZERO)
                    .pollInterval(Duration.ofMillis(200)).until(() -> {
                        if (!client.isAlive()) {
                            throw new AssertionError("the forwarding client exited\n--- stdout ---\n"
                                    + client.stdout() + "\n--- stderr ---\n" + client.stderr());
                        }
                        try {
                            got.set(EchoServer.roundTrip(localPort, text));
                            return true;
                        } catch (java.io.IOException e) {
                            last.set(e);
                            return false;
                        }
                    });
        } catch (ConditionTimeoutException e) {
            throw new AssertionError("nothing came back through 127.0.0.1:" + localPort + " within " + LISTEN
                    + " (last: " + last.get() + ")\n--- client stdout ---\n" + client.stdout()
                    + "\n--- client stderr ---\n" + client.stderr(), e);
        }
        return got.get();
    }
}
