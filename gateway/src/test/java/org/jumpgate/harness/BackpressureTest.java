package org.jumpgate.harness;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.sshd.client.channel.ChannelExec;
import org.apache.sshd.client.session.ClientSession;
import org.jumpgate.harness.NodeCommand.BulkWrite;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A user who does not read holds the login node back: the gateway passes window on only as the
 * user takes bytes, so what the node may write unread is bounded by the two channels' windows,
 * not by the gateway's memory; and once the user reads, every byte arrives.
 */
@Timeout(120)
class BackpressureTest {

    static final long TOTAL = 64L * 1024 * 1024;
    /** Over the two windows: the node's stream buffers up to a packet, a write call up to 64 KiB. */
    static final long SLACK = 256 * 1024;

    @TempDir
    static Path dir;
    static GatewayHarness gw;
    static TestUser alice;
    static final ExecutorService reader = Executors.newSingleThreadExecutor();

    @BeforeAll
    static void start() throws Exception {
        gw = GatewayHarness.in(dir).node("login-1").start();
        alice = gw.user("alice");
    }

    @AfterAll
    static void stop() throws Exception {
        reader.shutdownNow();
        if (gw != null) {
            gw.close();
        }
    }

    @Test
    void aUserWhoDoesNotReadStallsTheLoginNodeWithinTheWindowsThenGetsEveryByte() throws Exception {
        ClientSession session = gw.login(alice);
        try (ChannelExec channel = session.createExecChannel("write bulk " + TOTAL)) {
            channel.open().verify(UserClient.WAIT); // no output stream set: bytes wait until read
            TestLoginNode node = gw.node("login-1");
            await().atMost(UserClient.WAIT).until(() -> node.bulkWrite("bulk") != null
                    && node.bulkWrite("bulk").written() > 0);
            BulkWrite write = node.bulkWrite("bulk");

            // the node's blocking writes stop: nothing reads, so no window comes back
            AtomicLong last = new AtomicLong(-1);
            await().atMost(UserClient.WAIT).pollInterval(Duration.ofMillis(200))
                    .until(() -> last.getAndSet(write.written()) == write.written());
            long stalled = write.written();
            await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(5))
                    .until(() -> write.written() == stalled);
            long bound = write.initialWindow() + channel.getLocalWindow().getMaxSize() + SLACK;
            assertThat(stalled).as("bytes written while the user reads nothing (window to the node %d, "
                    + "the user's window %d)", write.initialWindow(), channel.getLocalWindow().getMaxSize())
                    .isLessThanOrEqualTo(bound).isLessThan(TOTAL);

            // the user reads: everything arrives, unchanged
            InputStream in = channel.getInvertedOut();
            CompletableFuture<byte[]> read = CompletableFuture.supplyAsync(() -> digest(in), reader);
            byte[] received;
            try {
                received = read.get(90, TimeUnit.SECONDS);
            } finally {
                channel.close(true);
            }
            assertThat(received).isEqualTo(write.sha256().get(UserClient.WAIT.toSeconds(), TimeUnit.SECONDS));
            assertThat(channel.getExitStatus()).isZero();
        } finally {
            session.close(true);
        }
    }

    /** SHA-256 of everything {@code in} gives until its end, which must be {@link #TOTAL} bytes. */
    private static byte[] digest(InputStream in) {
        try {
            MessageDigest d = MessageDigest.getInstance("SHA-256");
            byte[] buf = new byte[64 * 1024];
            long count = 0;
            for (int n; (n = in.read(buf)) >= 0; ) {
                d.update(buf, 0, n);
                count += n;
            }
            assertThat(count).isEqualTo(TOTAL);
            return d.digest();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
