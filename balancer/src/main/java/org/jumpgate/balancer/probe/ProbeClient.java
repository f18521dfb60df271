package org.jumpgate.balancer.probe;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFactory;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.EventLoop;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.util.NetUtil;
import io.netty.util.concurrent.Future;
import io.netty.util.concurrent.Promise;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.jumpgate.balancer.pool.AgentReply;
import org.jumpgate.balancer.pool.NodeMetrics;

/**
 * One-shot probe exchanges on one event loop: resolve (off the loop), connect, optionally write a
 * request, let the pipeline's last handler complete the promise, and fail it with a reason if the
 * whole exchange takes longer than the timeout. The channel is closed when the promise completes.
 */
final class ProbeClient {

    private final EventLoop loop;
    private final ExecutorService resolver;
    private final Duration timeout;
    private final Bootstrap bootstrap;

    ProbeClient(EventLoop loop, ExecutorService resolver, Duration timeout) {
        this(loop, resolver, timeout, NioSocketChannel::new);
    }

    /** With {@code sockets} making the client sockets (tests: one that fails as the OS does without file descriptors). */
    ProbeClient(EventLoop loop, ExecutorService resolver, Duration timeout, ChannelFactory<? extends Channel> sockets) {
        this.loop = loop;
        this.resolver = resolver;
        this.timeout = timeout;
        this.bootstrap = new Bootstrap().group(loop).channelFactory(sockets)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) Math.min(Integer.MAX_VALUE, timeout.toMillis()))
                .option(ChannelOption.SO_LINGER, 0)
                .option(ChannelOption.TCP_NODELAY, true);
    }

    /** Reads the SSH identification line of {@code host:port}. */
    Future<String> ssh(String host, int port) {
        return exchange(host, port, "SSH identification", () -> null,
                (pipeline, promise) -> SshIdentificationHandler.install(pipeline, promise));
    }

    /** Reads one agent-check reply from {@code host:port}. */
    Future<AgentReply> agent(String host, int port) {
        return exchange(host, port, "agent reply", () -> null, (pipeline, promise) -> pipeline.addLast(new AgentReplyHandler(promise)));
    }

    /** GETs node_exporter metrics from an http {@code url}. */
    Future<NodeMetrics> metrics(URI url) {
        int port = url.getPort() > 0 ? url.getPort() : 80;
        return exchange(url.getHost(), port, "metrics response", () -> MetricsResponseHandler.request(url),
                (pipeline, promise) -> {
                    pipeline.addLast(new HttpClientCodec(ProbeLimits.MAX_HTTP_INITIAL_LINE, ProbeLimits.MAX_HTTP_HEADERS,
                            8192));
                    pipeline.addLast(new HttpObjectAggregator(ProbeLimits.MAX_METRICS_BYTES));
                    pipeline.addLast(new MetricsResponseHandler(promise));
                });
    }

    private <T> Future<T> exchange(String host, int port, String what, Supplier<Object> request,
                                   BiConsumer<ChannelPipeline, Promise<T>> setup) {
        Promise<T> promise = loop.newPromise();
        if (loop.inEventLoop()) {
            start(host, port, what, request, setup, promise);
        } else {
            loop.execute(() -> start(host, port, what, request, setup, promise));
        }
        return promise;
    }

    private <T> void start(String host, int port, String what, Supplier<Object> request,
                           BiConsumer<ChannelPipeline, Promise<T>> setup, Promise<T> promise) {
        Channel[] channel = new Channel[1];
        long millis = timeout.toMillis();
        Future<?> deadline = loop.schedule(() -> {
            Channel ch = channel[0];
            String reason = ch == null ? "could not resolve " + host + " within " + millis + "ms"
                    : ch.isActive() ? "no complete " + what + " within " + millis + "ms"
                    : "connect to " + host + ":" + port + " timed out after " + millis + "ms";
            promise.tryFailure(new ProbeFailure(reason));
        }, millis, TimeUnit.MILLISECONDS);
        promise.addListener(f -> {
            deadline.cancel(false);
            close(channel[0]);
        });
        resolve(host, port, promise, address -> {
            ChannelFuture connect = bootstrap.clone().handler(new ChannelInitializer<SocketChannel>() {
                @Override
                protected void initChannel(SocketChannel ch) {
                    setup.accept(ch.pipeline(), promise);
                }
            }).connect(address);
            channel[0] = connect.channel();
            if (promise.isDone()) {
                close(connect.channel());
                return;
            }
            connect.addListener((ChannelFuture f) -> {
                if (!f.isSuccess()) {
                    promise.tryFailure(new ProbeFailure("connect to " + host + ":" + port + " failed: "
                            + ProbeFailure.reasonOf(f.cause())));
                } else {
                    Object message = request.get();
                    if (message != null) {
                        f.channel().writeAndFlush(message);
                    }
                }
            });
        });
    }

    /**
     * Closes {@code channel} if it ever got to the loop: one the OS refused a socket for (no file
     * descriptors left) never registered, and closing it would throw.
     */
    private static void close(Channel channel) {
        if (channel != null && channel.isRegistered()) {
            channel.close();
        }
    }

    /** Calls {@code then} on the loop with the address: IP literals at once, names on a resolver thread. */
    private void resolve(String host, int port, Promise<?> promise, Consumer<InetSocketAddress> then) {
        if (NetUtil.isValidIpV4Address(host) || NetUtil.isValidIpV6Address(host)) {
            then.accept(new InetSocketAddress(NetUtil.createInetAddressFromIpAddressString(host), port));
            return;
        }
        try {
            resolver.execute(() -> {
                try {
                    InetAddress address = InetAddress.getByName(host);
                    loop.execute(() -> then.accept(new InetSocketAddress(address, port)));
                } catch (UnknownHostException e) {
                    promise.tryFailure(new ProbeFailure("cannot resolve " + host + ": " + ProbeFailure.reasonOf(e)));
                } catch (RejectedExecutionException e) {
                    promise.tryFailure(new ProbeFailure("prober closed"));
                }
            });
        } catch (RejectedExecutionException e) {
            promise.tryFailure(new ProbeFailure("prober closed"));
        }
    }
}
