package org.jumpgate.admin;

import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import org.jumpgate.common.HostPort;
import org.jspecify.annotations.Nullable;

/**
 * A running admin HTTP server. It listens on a loopback address unless the caller explicitly
 * allows a remote one, answers only requests named for that address (loopback {@code Host}), never
 * a web page's ({@code Origin}), changes state only on JSON or {@code jumpgate admin} requests,
 * and with an {@link AdminToken} asks for it on everything but {@code /healthz} and {@code /readyz}.
 */
public interface AdminServer extends AutoCloseable {

    /** The port it listens on (the real one when started on port 0). */
    int port();

    /** Stops listening and ends its handler threads; calling it again does nothing. */
    @Override
    void close();

    /**
     * Starts a server on a loopback address.
     *
     * @throws IllegalArgumentException if {@code listen} is not a loopback address
     * @throws IOException              if it cannot listen there (port taken, unknown host)
     */
    static AdminServer start(HostPort listen, AdminOps ops, PrometheusMeterRegistry registry) throws IOException {
        return start(listen, ops, registry, false);
    }

    /**
     * Starts a server; with {@code allowRemote} it may listen on a non-loopback address (a
     * warning is logged, since anyone who reaches it can drain backends and kill sessions).
     *
     * @throws IllegalArgumentException if {@code listen} is not a loopback address and
     *                                  {@code allowRemote} is false
     * @throws IOException              if it cannot listen there (port taken, unknown host)
     */
    static AdminServer start(HostPort listen, AdminOps ops, PrometheusMeterRegistry registry, boolean allowRemote)
            throws IOException {
        return start(listen, ops, registry, allowRemote, null);
    }

    /**
     * Starts a server as {@link #start(HostPort, AdminOps, PrometheusMeterRegistry, boolean)} does;
     * with a {@code token}, every request but {@code /healthz} and {@code /readyz} must carry it
     * ({@code Authorization: Bearer TOKEN}), {@code /metrics} included.
     */
    static AdminServer start(HostPort listen, AdminOps ops, PrometheusMeterRegistry registry, boolean allowRemote,
                             @Nullable AdminToken token) throws IOException {
        return JdkAdminServer.start(listen, new AdminEndpoints(ops, registry).router(), allowRemote, token);
    }
}
