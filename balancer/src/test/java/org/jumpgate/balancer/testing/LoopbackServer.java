package org.jumpgate.balancer.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A TCP server on 127.0.0.1 and a free port, one thread per connection running a behaviour.
 * {@link #close()} closes the listening socket and every accepted one.
 */
public final class LoopbackServer implements AutoCloseable {

    /** What the server does with one accepted connection. */
    @FunctionalInterface
    public interface Behaviour {
        void serve(Socket socket) throws IOException, InterruptedException;
    }

    private final ServerSocket server;
    private final List<Socket> accepted = new CopyOnWriteArrayList<>();
    private final AtomicInteger connections = new AtomicInteger();
    private volatile Behaviour behaviour;

    private LoopbackServer(Behaviour behaviour) throws IOException {
        this.behaviour = behaviour;
        this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread acceptor = new Thread(this::acceptLoop, "loopback-accept-" + server.getLocalPort());
        acceptor.setDaemon(true);
        acceptor.start();
    }

    public static LoopbackServer start(Behaviour behaviour) {
        try {
            return new LoopbackServer(behaviour);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Sends {@code text} and closes, like an sshd's identification or an agent's reply. */
    public static Behaviour says(String text) {
        return socket -> {
            socket.getOutputStream().write(text.getBytes(StandardCharsets.ISO_8859_1));
            socket.getOutputStream().flush();
            holdOpen(socket);
        };
    }

    /** Sends {@code text} and closes at once. */
    public static Behaviour saysAndCloses(String text) {
        return socket -> {
            socket.getOutputStream().write(text.getBytes(StandardCharsets.ISO_8859_1));
            socket.close();
        };
    }

    /** Accepts and never sends: a hung (SIGSTOPped) server. */
    public static Behaviour silent() {
        return LoopbackServer::holdOpen;
    }

    /** Answers any HTTP request with {@code status} and {@code body}. */
    public static Behaviour http(int status, String body) {
        return socket -> {
            readRequestHead(socket.getInputStream());
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            OutputStream out = socket.getOutputStream();
            out.write(("HTTP/1.1 " + status + " X\r\nContent-Type: text/plain; version=0.0.4\r\nContent-Length: "
                    + bytes.length + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.write(bytes);
            out.flush();
            holdOpen(socket);
        };
    }

    public static void readRequestHead(InputStream in) throws IOException {
        int state = 0;
        int b;
        while (state < 4 && (b = in.read()) >= 0) {
            state = (b == '\r' && (state == 0 || state == 2)) || (b == '\n' && (state == 1 || state == 3)) ? state + 1 : 0;
        }
    }

    /** Keeps the connection until the peer closes it or the server is closed. */
    public static void holdOpen(Socket socket) throws IOException {
        InputStream in = socket.getInputStream();
        byte[] buf = new byte[1024];
        while (in.read(buf) >= 0) {
            // discard
        }
    }

    public void behave(Behaviour next) {
        this.behaviour = next;
    }

    public int port() {
        return server.getLocalPort();
    }

    public String host() {
        return "127.0.0.1";
    }

    public String address() {
        return host() + ":" + port();
    }

    public int connections() {
        return connections.get();
    }

    private void acceptLoop() {
        while (!server.isClosed()) {
            try {
                Socket socket = server.accept();
                connections.incrementAndGet();
                accepted.add(socket);
                Behaviour current = behaviour;
                Thread t = new Thread(() -> {
                    try (socket) {
                        current.serve(socket);
                    } catch (IOException | InterruptedException | RuntimeException e) {
                        // the peer went away or the server closed: nothing to do
                    }
                }, "loopback-conn-" + server.getLocalPort());
                t.setDaemon(true);
                t.start();
            } catch (IOException e) {
                return;
            }
        }
    }

    @Override
    public void close() {
        try {
            server.close();
        } catch (IOException ignored) {
            // closing anyway
        }
        for (Socket s : accepted) {
            try {
                s.close();
            } catch (IOException ignored) {
                // closing anyway
            }
        }
    }
}
