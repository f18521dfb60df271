package org.jumpgate.balancer.probe;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;
import static org.awaitility.Awaitility.await;

import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.util.concurrent.Future;
import java.io.File;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.jumpgate.balancer.pool.NodeMetrics;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The probes against the real programs they are made for, when installed here: node_exporter and
 * OpenSSH's sshd on 127.0.0.1 free ports. Skipped when a program is missing. Every process started
 * is stopped by its pid.
 */
class RealProgramsProbeTest {

    private static final Path NODE_EXPORTER = Path.of("/usr/bin/prometheus-node-exporter");
    private static final Path SSHD = Path.of("/usr/sbin/sshd");
    private static final Path SSH_KEYGEN = Path.of("/usr/bin/ssh-keygen");

    private EventLoopGroup group;
    private ExecutorService resolver;
    private ProbeClient client;
    private Process process;

    @BeforeEach
    void setUp() {
        group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
        resolver = Executors.newSingleThreadExecutor();
        client = new ProbeClient(group.next(), resolver, Duration.ofSeconds(2));
    }

    @AfterEach
    void tearDown() throws Exception {
        if (process != null) {
            signal("CONT", process.pid());
            process.destroy();
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        }
        resolver.shutdownNow();
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    private static void awaitListening(int port) {
        await().atMost(Duration.ofSeconds(10)).ignoreExceptions().until(() -> {
            try (Socket s = new Socket(InetAddress.getLoopbackAddress(), port)) {
                return s.isConnected();
            }
        });
    }

    private static void signal(String sig, long pid) throws IOException, InterruptedException {
        new ProcessBuilder("kill", "-" + sig, Long.toString(pid)).inheritIO().start().waitFor(5, TimeUnit.SECONDS);
    }

    private Process start(Path log, List<String> command) throws IOException {
        process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        return process;
    }

    @Test
    void realNodeExporterIsReadOverNettyHttp(@TempDir Path dir) throws Exception {
        assumeThat(Files.isExecutable(NODE_EXPORTER)).as("prometheus-node-exporter installed").isTrue();
        int port = freePort();
        start(dir.resolve("node-exporter.log"), List.of(NODE_EXPORTER.toString(),
                "--web.listen-address=127.0.0.1:" + port, "--no-collector.systemd"));
        awaitListening(port);

        Future<NodeMetrics> f = client.metrics(URI.create("http://127.0.0.1:" + port + "/metrics"));

        assertThat(f.awaitUninterruptibly(10, TimeUnit.SECONDS)).isTrue();
        assertThat(f.isSuccess()).as("%s", f.cause()).isTrue();
        assertThat(f.getNow().cpus()).isEqualTo(Runtime.getRuntime().availableProcessors());
        assertThat(f.getNow().memTotalBytes()).isPositive();
        assertThat(f.getNow().memoryPressure()).isBetween(0.0, 1.0);
    }

    @Test
    void realSshdIsUpAndSigstoppedSshdTimesOut(@TempDir Path dir) throws Exception {
        assumeThat(Files.isExecutable(SSHD) && Files.isExecutable(SSH_KEYGEN)).as("OpenSSH server installed").isTrue();
        assumeThat(privilegeSeparationDir()).as("/run/sshd exists for privilege separation (or we may make it)").isTrue();
        Path key = dir.resolve("host_ed25519");
        assertThat(new ProcessBuilder(SSH_KEYGEN.toString(), "-q", "-t", "ed25519", "-N", "", "-f", key.toString())
                .redirectOutput(new File("/dev/null")).start().waitFor()).isZero();
        Path config = Files.writeString(dir.resolve("sshd_config"), "PidFile none\nUsePAM no\n");
        int port = freePort();
        Process sshd = start(dir.resolve("sshd.log"), List.of(SSHD.toString(), "-D", "-e", "-f", config.toString(),
                "-h", key.toString(), "-o", "ListenAddress=127.0.0.1", "-p", Integer.toString(port)));
        awaitListening(port);

        Future<String> up = client.ssh("127.0.0.1", port);
        assertThat(up.awaitUninterruptibly(10, TimeUnit.SECONDS)).isTrue();
        assertThat(up.isSuccess()).as("%s", up.cause()).isTrue();
        assertThat(up.getNow()).startsWith("SSH-2.0-OpenSSH_");

        signal("STOP", sshd.pid());
        Future<String> hung = client.ssh("127.0.0.1", port);
        assertThat(hung.awaitUninterruptibly(10, TimeUnit.SECONDS)).isTrue();
        assertThat(hung.cause()).hasMessage("no complete SSH identification within 2000ms");
    }

    /** sshd needs /run/sshd; a fresh machine that never ran the ssh service has none, and root may make it. */
    private static boolean privilegeSeparationDir() {
        try {
            Files.createDirectories(Path.of("/run/sshd"));
            return true;
        } catch (java.io.IOException e) {
            return false;
        }
    }
}
