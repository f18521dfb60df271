package org.jumpgate.loadgen.node;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.AsynchronousServerSocketChannel;
import java.nio.channels.AsynchronousSocketChannel;
import java.nio.channels.CompletionHandler;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A plain TCP echo service (NIO2, no thread per connection): the far end of {@code jump} runs
 * when channels must be held and probed for minutes (an sshd would drop them after its
 * LoginGraceTime). Point a compute node's address in the gateway config at it.
 */
final class TcpEcho implements AutoCloseable {

    static final int BUFFER = 16 * 1024;

    private final AsynchronousServerSocketChannel server;
    private final Set<AsynchronousSocketChannel> open = ConcurrentHashMap.newKeySet();

    private TcpEcho(AsynchronousServerSocketChannel server) {
        this.server = server;
    }

    static TcpEcho start(InetSocketAddress listen) throws IOException {
        AsynchronousServerSocketChannel s = AsynchronousServerSocketChannel.open().bind(listen);
        TcpEcho echo = new TcpEcho(s);
        echo.accept();
        return echo;
    }

    int port() throws IOException {
        return ((InetSocketAddress) server.getLocalAddress()).getPort();
    }

    private void accept() {
        server.accept(null, new CompletionHandler<AsynchronousSocketChannel, Void>() {
            @Override
            public void completed(AsynchronousSocketChannel c, Void a) {
                open.add(c);
                read(c, ByteBuffer.allocate(BUFFER));
                accept();
            }

            @Override
            public void failed(Throwable e, Void a) {
                // closed
            }
        });
    }

    private void read(AsynchronousSocketChannel c, ByteBuffer buf) {
        buf.clear();
        c.read(buf, null, new CompletionHandler<Integer, Void>() {
            @Override
            public void completed(Integer n, Void a) {
                if (n < 0) {
                    close(c);
                    return;
                }
                buf.flip();
                write(c, buf);
            }

            @Override
            public void failed(Throwable e, Void a) {
                close(c);
            }
        });
    }

    private void write(AsynchronousSocketChannel c, ByteBuffer buf) {
        c.write(buf, null, new CompletionHandler<Integer, Void>() {
            @Override
            public void completed(Integer n, Void a) {
                if (buf.hasRemaining()) {
                    write(c, buf);
                } else {
                    read(c, buf);
                }
            }

            @Override
            public void failed(Throwable e, Void a) {
                close(c);
            }
        });
    }

    private void close(AsynchronousSocketChannel c) {
        open.remove(c);
        try {
            c.close();
        } catch (IOException e) {
            // gone
        }
    }

    @Override
    public void close() throws IOException {
        server.close();
        for (AsynchronousSocketChannel c : open) {
            close(c);
        }
    }
}
