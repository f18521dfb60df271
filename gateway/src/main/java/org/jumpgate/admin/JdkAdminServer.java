package org.jumpgate.admin;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.jumpgate.common.HostPort;
import org.jumpgate.common.PrintableText;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link AdminServer} on the JDK's HTTP server: its one dispatcher thread accepts and reads
 * request heads, and a small bounded pool runs the endpoints, so a slow {@link AdminOps} call
 * never stalls accepting. When the pool and its queue are full the JDK closes the connection.
 * Every request passes {@link AdminGuard} first; a refusal is one plain-text line to the caller
 * and one log line (never the token).
 */
final class JdkAdminServer implements AdminServer {

    /** Request bodies are not used by any endpoint: anything larger than this is refused (413). */
    static final int MAX_REQUEST_BODY_BYTES = 8 * 1024;
    static final int HANDLER_THREADS = 2;
    static final int MAX_QUEUED_REQUESTS = 32;
    private static final int BACKLOG = 16;

    private static final Logger LOG = LoggerFactory.getLogger(JdkAdminServer.class);

    private final HttpServer server;
    private final ThreadPoolExecutor executor;
    private final Router router;
    private final AdminGuard guard;
    private final AtomicBoolean closed = new AtomicBoolean();

    private JdkAdminServer(HttpServer server, ThreadPoolExecutor executor, Router router, AdminGuard guard) {
        this.server = server;
        this.executor = executor;
        this.router = router;
        this.guard = guard;
    }

    static AdminServer start(HostPort listen, Router router, boolean allowRemote, @Nullable AdminToken token)
            throws IOException {
        InetSocketAddress address = listen.toSocketAddress();
        if (address.isUnresolved()) {
            throw new IOException("cannot listen on " + listen + ": unknown host " + listen.host());
        }
        if (!address.getAddress().isLoopbackAddress()) {
            if (!allowRemote) {
                String why = "admin API: refusing to listen on " + listen + ", which is not a loopback address;"
                        + " use 127.0.0.1 or ::1 (or allow remote access explicitly)";
                LOG.error(why);
                throw new IllegalArgumentException(why);
            }
            if (token == null) {
                LOG.warn("admin API listening on non-loopback {}: whoever reaches it can drain backends and kill"
                        + " sessions, it has no token", listen);
            }
        }
        HttpServer server;
        try {
            server = HttpServer.create(address, BACKLOG);
        } catch (IOException e) {
            throw new IOException("cannot listen on " + listen + ": " + e.getMessage(), e);
        }
        ThreadPoolExecutor executor = handlerPool();
        JdkAdminServer admin = new JdkAdminServer(server, executor, router, new AdminGuard(listen, token));
        server.createContext("/", admin::handle);
        server.setExecutor(executor);
        server.start();
        LOG.info("admin API listening on {}{}", new HostPort(listen.host(), admin.port()),
                token != null ? ", bearer token required but on /healthz and /readyz" : "");
        return admin;
    }

    private static ThreadPoolExecutor handlerPool() {
        AtomicInteger n = new AtomicInteger();
        return new ThreadPoolExecutor(HANDLER_THREADS, HANDLER_THREADS, 0, TimeUnit.MILLISECONDS,
                new ArrayBlockingQueue<>(MAX_QUEUED_REQUESTS), r -> {
                    Thread t = new Thread(r, "jumpgate-admin-" + n.incrementAndGet());
                    t.setDaemon(true);
                    return t;
                }, (r, pool) -> {
                    LOG.warn("admin API busy ({} requests queued): closing a connection", MAX_QUEUED_REQUESTS);
                    throw new RejectedExecutionException("admin API busy");
                });
    }

    @Override
    public int port() {
        return server.getAddress().getPort();
    }

    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            server.stop(0);
            executor.shutdownNow();
        }
    }

    private void handle(HttpExchange exchange) {
        try (exchange) {
            String method = exchange.getRequestMethod();
            String path = exchange.getRequestURI().getRawPath();
            AdminGuard.Refusal refusal = guard.check(method, path, exchange.getRequestHeaders());
            if (refusal != null) {
                LOG.warn("admin API: refused {} {} from {}: {} {}", PrintableText.of(method, AdminGuard.MAX_ECHO),
                        PrintableText.of(path, AdminGuard.MAX_ECHO), exchange.getRemoteAddress(), refusal.status(),
                        refusal.reason());
                send(exchange, refusal.reply());
                return;
            }
            Reply reply;
            try {
                reply = bodyTooLarge(exchange)
                        ? Reply.error(413, "request body too large: the admin API takes no body over "
                                + MAX_REQUEST_BODY_BYTES + " bytes").withHeader("Connection", "close")
                        : route(method, path, exchange.getRequestURI().getRawQuery());
            } catch (RuntimeException e) {
                LOG.error("admin API: {} {} failed", method, path, e);
                reply = Reply.error(500, method + " " + path + " failed: " + e);
            }
            send(exchange, reply);
        } catch (IOException e) {
            LOG.debug("admin API: cannot answer {}: {}", exchange.getRemoteAddress(), e.toString());
        }
    }

    private Reply route(String method, String path, String rawQuery) {
        Router.Resolution r = router.resolve(method, path);
        if (r instanceof Router.Found found) {
            Map<String, String> params = new HashMap<>(Router.query(rawQuery));
            params.putAll(found.params());
            return found.endpoint().handle(params);
        }
        if (r instanceof Router.WrongMethod wrong) {
            String allow = String.join(", ", wrong.allow());
            return Reply.error(405, "method " + method + " is not allowed on " + path + ", use " + allow)
                    .withHeader("Allow", allow);
        }
        return Reply.error(404, "no such path: " + path);
    }

    /** Reads (and drops) the request body; true if it is over {@link #MAX_REQUEST_BODY_BYTES}. */
    private static boolean bodyTooLarge(HttpExchange exchange) throws IOException {
        String declared = exchange.getRequestHeaders().getFirst("Content-Length");
        if (declared != null) {
            try {
                if (Long.parseLong(declared.trim()) > MAX_REQUEST_BODY_BYTES) {
                    return true;
                }
            } catch (NumberFormatException e) {
                return true;
            }
        }
        InputStream in = exchange.getRequestBody();
        return in.readNBytes(MAX_REQUEST_BODY_BYTES + 1).length > MAX_REQUEST_BODY_BYTES;
    }

    private static void send(HttpExchange exchange, Reply reply) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", reply.contentType());
        exchange.getResponseHeaders().set("Cache-Control", "no-store");
        reply.headers().forEach(exchange.getResponseHeaders()::set);
        boolean head = "HEAD".equals(exchange.getRequestMethod());
        exchange.sendResponseHeaders(reply.status(), head || reply.body().length == 0 ? -1 : reply.body().length);
        if (!head) {
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(reply.body());
            }
        }
    }
}
