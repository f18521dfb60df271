package org.jumpgate.balancer.probe;

import static org.assertj.core.api.Assertions.assertThat;
import static org.jumpgate.balancer.testing.LoopbackServer.http;
import static org.jumpgate.balancer.testing.LoopbackServer.says;
import static org.jumpgate.balancer.testing.LoopbackServer.saysAndCloses;
import static org.jumpgate.balancer.testing.LoopbackServer.silent;

import ch.qos.logback.classic.Level;
import io.netty.channel.ChannelException;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.util.concurrent.Future;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.SocketException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.jumpgate.balancer.pool.AgentReply;
import org.jumpgate.balancer.pool.NodeMetrics;
import org.jumpgate.balancer.testing.LoopbackServer;
import org.jumpgate.testing.LogCapture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Probes against real servers on 127.0.0.1. */
class ProbeClientTest {

    private static final Duration TIMEOUT = Duration.ofMillis(500);

    private EventLoopGroup group;
    private ExecutorService resolver;
    private ProbeClient client;

    @BeforeEach
    void setUp() {
        group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
        resolver = Executors.newSingleThreadExecutor();
        client = new ProbeClient(group.next(), resolver, TIMEOUT);
    }

    @AfterEach
    void tearDown() {
        resolver.shutdownNow();
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    }

    private static <T> Future<T> await(Future<T> f) {
        assertThat(f.awaitUninterruptibly(5, TimeUnit.SECONDS)).as("probe finished").isTrue();
        return f;
    }

    private static String failure(Future<?> f) {
        await(f);
        assertThat(f.isSuccess()).as("probe failed").isFalse();
        assertThat(f.cause()).isInstanceOf(ProbeFailure.class);
        return f.cause().getMessage();
    }

    @Test
    void sshdIdentificationIsRead() {
        try (LoopbackServer sshd = LoopbackServer.start(says("SSH-2.0-OpenSSH_9.2p1 Debian-2+deb12u3\r\n\0\0\0\u00bc\u0007\u0014"))) {
            Future<String> f = await(client.ssh(sshd.host(), sshd.port()));

            assertThat(f.getNow()).isEqualTo("SSH-2.0-OpenSSH_9.2p1 Debian-2+deb12u3");
        }
    }

    @Test
    void linesBeforeTheIdentificationAreSkipped() {
        try (LoopbackServer sshd = LoopbackServer.start(says("hello\r\nauthorised use only\nSSH-2.0-x\r\n"))) {
            assertThat(await(client.ssh(sshd.host(), sshd.port())).getNow()).isEqualTo("SSH-2.0-x");
        }
    }

    @Test
    void hostNamesAreResolvedOffTheLoop() {
        try (LoopbackServer sshd = LoopbackServer.start(says("SSH-2.0-x\r\n"))) {
            assertThat(await(client.ssh("localhost", sshd.port())).getNow()).isEqualTo("SSH-2.0-x");
        }
    }

    @Test
    void hungSshdIsMarkedDownByIdentificationTimeout() {
        try (LoopbackServer sshd = LoopbackServer.start(silent())) {
            long start = System.nanoTime();
            String reason = failure(client.ssh(sshd.host(), sshd.port()));

            assertThat(reason).isEqualTo("no complete SSH identification within 500ms");
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(3));
        }
    }

    @Test
    void slowDripOfBytesStillTimesOut() {
        try (LoopbackServer sshd = LoopbackServer.start(socket -> {
            OutputStream out = socket.getOutputStream();
            for (int i = 0; i < 100; i++) {
                out.write('S');
                out.flush();
                Thread.sleep(100);
            }
        })) {
            assertThat(failure(client.ssh(sshd.host(), sshd.port()))).contains("within 500ms");
        }
    }

    @Test
    void overLongLineFails() {
        try (LoopbackServer sshd = LoopbackServer.start(says("SSH-2.0-" + "x".repeat(300) + "\r\n"))) {
            assertThat(failure(client.ssh(sshd.host(), sshd.port())))
                    .isEqualTo("line longer than 255 bytes instead of an SSH identification");
        }
    }

    @Test
    void endlessStreamWithoutNewlineFailsAtTheLineLimit() {
        try (LoopbackServer sshd = LoopbackServer.start(socket -> {
            byte[] chunk = "A".repeat(8192).getBytes(StandardCharsets.US_ASCII);
            OutputStream out = socket.getOutputStream();
            while (true) {
                out.write(chunk);
            }
        })) {
            assertThat(failure(client.ssh(sshd.host(), sshd.port()))).startsWith("line longer than 255 bytes");
        }
    }

    @Test
    void tooManyLinesBeforeIdentificationFail() {
        try (LoopbackServer sshd = LoopbackServer.start(says("noise\n".repeat(40) + "SSH-2.0-x\r\n"))) {
            assertThat(failure(client.ssh(sshd.host(), sshd.port())))
                    .isEqualTo("more than 32 lines before the SSH identification");
        }
    }

    @Test
    void garbageFailsWithReason() {
        try (LoopbackServer tls = LoopbackServer.start(says("\u0015\u0003\u0001\u0000\u0002\u0002\u0028\n"))) {
            assertThat(failure(client.ssh(tls.host(), tls.port()))).startsWith("binary data instead of an SSH identification");
        }
        try (LoopbackServer old = LoopbackServer.start(says("SSH-1.5-old\n"))) {
            assertThat(failure(client.ssh(old.host(), old.port()))).isEqualTo("SSH protocol version '1.5' is not 2.0");
        }
    }

    @Test
    void closeBeforeIdentificationFails() {
        try (LoopbackServer sshd = LoopbackServer.start(saysAndCloses("Too many connections\r\n"))) {
            assertThat(failure(client.ssh(sshd.host(), sshd.port())))
                    .isEqualTo("connection closed before the SSH identification (after 1 other lines)");
        }
    }

    @Test
    void refusedConnectionFails() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        assertThat(failure(client.ssh("127.0.0.1", port))).startsWith("connect to 127.0.0.1:" + port + " failed:")
                .containsIgnoringCase("refused");
    }

    @Test
    void realNodeExporterOutputIsFetched() throws Exception {
        try (LoopbackServer exporter = LoopbackServer.start(http(200, NodeExporterParserTest.realSample()))) {
            Future<NodeMetrics> f = await(client.metrics(URI.create("http://127.0.0.1:" + exporter.port() + "/metrics")));

            assertThat(f.isSuccess()).as("%s", f.cause()).isTrue();
            assertThat(f.getNow().cpus()).isEqualTo(2);
            assertThat(f.getNow().load1()).isEqualTo(5.34);
        }
    }

    @Test
    void metricsErrorStatusFails() {
        try (LoopbackServer exporter = LoopbackServer.start(http(503, "busy"))) {
            assertThat(failure(client.metrics(URI.create("http://127.0.0.1:" + exporter.port() + "/metrics"))))
                    .isEqualTo("metrics answered HTTP 503 X");
        }
    }

    @Test
    void hugeMetricsResponseFails() {
        try (LoopbackServer exporter = LoopbackServer.start(socket -> {
            LoopbackServer.readRequestHead(socket.getInputStream());
            OutputStream out = socket.getOutputStream();
            out.write("HTTP/1.1 200 OK\r\nContent-Length: 100000000\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            byte[] chunk = "node_x 1\n".repeat(1000).getBytes(StandardCharsets.US_ASCII);
            for (int i = 0; i < 20_000; i++) {
                out.write(chunk);
            }
        })) {
            assertThat(failure(client.metrics(URI.create("http://127.0.0.1:" + exporter.port() + "/metrics"))))
                    .isEqualTo("metrics response larger than 4194304 bytes");
        }
    }

    @Test
    void slowMetricsResponseTimesOut() {
        try (LoopbackServer exporter = LoopbackServer.start(socket -> {
            LoopbackServer.readRequestHead(socket.getInputStream());
            OutputStream out = socket.getOutputStream();
            out.write("HTTP/1.1 200 OK\r\nContent-Length: 1000\r\n\r\nnode_load1 1\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            LoopbackServer.holdOpen(socket);
        })) {
            assertThat(failure(client.metrics(URI.create("http://127.0.0.1:" + exporter.port() + "/metrics"))))
                    .isEqualTo("no complete metrics response within 500ms");
        }
    }

    @Test
    void notHttpFails() {
        try (LoopbackServer sshd = LoopbackServer.start(says("SSH-2.0-OpenSSH_9.2\r\n"))) {
            assertThat(failure(client.metrics(URI.create("http://127.0.0.1:" + sshd.port() + "/metrics"))))
                    .startsWith("malformed HTTP response");
        }
    }

    @Test
    void agentReplyIsRead() {
        try (LoopbackServer agent = LoopbackServer.start(saysAndCloses("up 75% maxconn:20\n"))) {
            Future<AgentReply> f = await(client.agent(agent.host(), agent.port()));

            assertThat(f.isSuccess()).as("%s", f.cause()).isTrue();
            assertThat(f.getNow()).isEqualTo(new AgentReply(null, AgentReply.Operational.UP, 75, 20, null));
        }
    }

    @Test
    void agentReplyWithoutNewlineEndsAtClose() {
        try (LoopbackServer agent = LoopbackServer.start(saysAndCloses("down#disk full"))) {
            assertThat(await(client.agent(agent.host(), agent.port())).getNow().description()).isEqualTo("disk full");
        }
    }

    @Test
    void agentReplyIsTakenAtTheNewlineWithoutWaitingForClose() {
        try (LoopbackServer agent = LoopbackServer.start(says("drain\n"))) {
            assertThat(await(client.agent(agent.host(), agent.port())).getNow().admin()).isEqualTo(AgentReply.Admin.DRAIN);
        }
    }

    @Test
    void malformedHugeOrSilentAgentsFail() {
        try (LoopbackServer agent = LoopbackServer.start(saysAndCloses("hello world\n"))) {
            assertThat(failure(client.agent(agent.host(), agent.port()))).contains("unknown word 'hello'");
        }
        try (LoopbackServer agent = LoopbackServer.start(says("u".repeat(5000)))) {
            assertThat(failure(client.agent(agent.host(), agent.port())))
                    .isEqualTo("agent reply longer than 1024 bytes without a newline");
        }
        try (LoopbackServer agent = LoopbackServer.start(silent())) {
            assertThat(failure(client.agent(agent.host(), agent.port()))).isEqualTo("no complete agent reply within 500ms");
        }
        try (LoopbackServer agent = LoopbackServer.start(saysAndCloses(""))) {
            assertThat(failure(client.agent(agent.host(), agent.port())))
                    .isEqualTo("agent closed the connection without a reply");
        }
    }

    @Test
    void withoutFileDescriptorsAProbeFailsWithOneLineAndNothingElseIsLogged() {
        ProbeClient starved = new ProbeClient(group.next(), resolver, TIMEOUT, () -> {
            throw new ChannelException("Failed to open a socket.", new SocketException("Too many open files"));
        });
        try (LogCapture netty = LogCapture.of("io.netty")) {
            for (int i = 0; i < 3; i++) {
                assertThat(failure(starved.ssh("127.0.0.1", 22)))
                        .isEqualTo("connect to 127.0.0.1:22 failed: Failed to open a socket (Too many open files)");
            }
            assertThat(netty.events()).filteredOn(e -> e.getLevel().isGreaterOrEqual(Level.WARN))
                    .extracting(e -> e.getFormattedMessage() + (e.getThrowableProxy() == null ? ""
                            : ": " + e.getThrowableProxy().getClassName() + ": " + e.getThrowableProxy().getMessage()))
                    .isEmpty();
        }
    }
}
