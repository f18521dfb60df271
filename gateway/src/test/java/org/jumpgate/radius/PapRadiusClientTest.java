package org.jumpgate.radius;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.jumpgate.common.HostPort;
import org.jumpgate.config.RadiusConfig;
import org.jumpgate.radius.RadiusClient.Answer;
import org.jumpgate.testing.LogCapture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What needs no RADIUS server: silence, replies that fail verification, answers refused before
 * sending. Real answers are checked against FreeRADIUS in it-tests ({@code RadiusClientTest}).
 */
class PapRadiusClientTest {

    private static final String SECRET = "unit-test-shared-secret-4242";
    private static final Duration TIMEOUT = Duration.ofMillis(200);

    @TempDir
    Path dir;

    private RadiusClient client(int retries, HostPort... servers) throws IOException {
        Path f = dir.resolve("radius.secret");
        Files.writeString(f, SECRET + "\n");
        Files.setPosixFilePermissions(f, PosixFilePermissions.fromString("rw-------"));
        return RadiusClient.create(new RadiusConfig(List.of(servers), f, TIMEOUT, retries, "gw-test"));
    }

    @Test
    void aServerThatNeverAnswersIsUnreachableAfterEachTry() throws Exception {
        try (LogCapture log = LogCapture.of("org.jumpgate.radius");
                Silent silent = new Silent(); RadiusClient c = client(1, silent.address())) {
            long start = System.nanoTime();
            Answer a = c.authenticate("alice", "123456", null);
            Duration took = Duration.ofNanos(System.nanoTime() - start);

            assertThat(a).isEqualTo(new Answer.Unreachable(silent.address() + ": no answer (2 tries of 200 ms)"));
            assertThat(silent.received()).isEqualTo(2);
            assertThat(took).isGreaterThanOrEqualTo(TIMEOUT.multipliedBy(2)).isLessThan(Duration.ofSeconds(5));
            assertThat(log.messages()).containsExactly("RADIUS server " + silent.address()
                    + ": no answer (2 tries of 200 ms)");
        }
    }

    @Test
    void aReplyThatFailsVerificationIsNoReplyAndTheNextServerIsAsked() throws Exception {
        try (LogCapture log = LogCapture.of("org.jumpgate.radius");
                Forger forger = new Forger(); Silent silent = new Silent();
                RadiusClient c = client(0, forger.address(), silent.address())) {
            Answer a = c.authenticate("alice", "123456", null);

            assertThat(a).isInstanceOf(Answer.Unreachable.class);
            assertThat(((Answer.Unreachable) a).detail())
                    .startsWith(forger.address() + ": reply failed verification (Invalid response packet authenticator)")
                    .contains("is the shared secret the same on both sides?")
                    .endsWith(silent.address() + ": no answer (1 try of 200 ms)")
                    .doesNotContain(SECRET);
            assertThat(forger.received()).isEqualTo(1);
            assertThat(silent.received()).isEqualTo(1);
            assertThat(log.messages()).hasSize(2).noneMatch(m -> m.contains(SECRET) || m.contains("123456"));
        }
    }

    @Test
    void aServerFailingTheSameWayIsLoggedOnceNotAtEveryAttempt() throws Exception {
        try (LogCapture log = LogCapture.of("org.jumpgate.radius");
                Silent silent = new Silent(); RadiusClient c = client(0, silent.address())) {
            c.authenticate("alice", "1", null);
            c.authenticate("bob", "2", null);
            c.authenticate("carol", "3", null);

            assertThat(log.events()).filteredOn(e -> e.getLevel().toString().equals("WARN"))
                    .extracting(e -> e.getFormattedMessage())
                    .containsExactly("RADIUS server " + silent.address() + ": no answer (1 try of 200 ms)");
        }
    }

    @Test
    void anAnswerTooLongForPapIsRefusedWithoutAskingAnyServer() throws Exception {
        try (Silent silent = new Silent(); RadiusClient c = client(0, silent.address())) {
            assertThat(c.authenticate("alice", "9".repeat(RadiusClient.MAX_PASSWORD_BYTES + 1), null))
                    .isEqualTo(new Answer.Reject("That answer is too long (at most 128 bytes)."));
            assertThat(c.authenticate("a".repeat(RadiusClient.MAX_ATTRIBUTE_BYTES + 1), "1", null))
                    .isEqualTo(new Answer.Reject(""));
            assertThat(silent.received()).isZero();
            assertThatThrownBy(() -> c.authenticate("alice", "1", new byte[RadiusClient.MAX_ATTRIBUTE_BYTES + 1]))
                    .isInstanceOf(IllegalArgumentException.class);
        }
    }

    @Test
    void aClosedClientRefusesToAsk() throws Exception {
        try (Silent silent = new Silent()) {
            RadiusClient c = client(0, silent.address());
            c.close();
            assertThatThrownBy(() -> c.authenticate("alice", "1", null)).isInstanceOf(IllegalStateException.class);
        }
    }

    @Test
    void aChallengeKeepsItsStateAsGivenAndComparesByContent() {
        byte[] state = {1, 2, 3};
        Answer.Challenge c = new Answer.Challenge("Enter the code", state);
        state[0] = 9;
        assertThat(c.state()).containsExactly(1, 2, 3);
        assertThat(c).isEqualTo(new Answer.Challenge("Enter the code", new byte[] {1, 2, 3}));
        assertThat(c.toString()).doesNotContain("[B@");
    }

    /** A UDP port on 127.0.0.1 that counts datagrams and answers none, as a RADIUS server that is down but routed. */
    private static class Silent implements AutoCloseable {
        final DatagramSocket socket;
        final AtomicInteger received = new AtomicInteger();
        private final Thread thread;

        Silent() throws IOException {
            socket = new DatagramSocket(0, InetAddress.getByName("127.0.0.1"));
            thread = new Thread(this::serve, getClass().getSimpleName());
            thread.setDaemon(true);
            thread.start();
        }

        HostPort address() {
            return new HostPort("127.0.0.1", socket.getLocalPort());
        }

        int received() {
            return received.get();
        }

        private void serve() {
            byte[] buf = new byte[4096];
            while (!socket.isClosed()) {
                DatagramPacket p = new DatagramPacket(buf, buf.length);
                try {
                    socket.receive(p);
                } catch (IOException e) {
                    return;
                }
                received.incrementAndGet();
                answer(p);
            }
        }

        void answer(DatagramPacket request) {
        }

        @Override
        public void close() {
            socket.close();
            try {
                thread.join(2000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /**
     * Answers every request with an Access-Accept whose Response Authenticator is not made with
     * the shared secret, as a server with another secret (or someone on the path) would.
     */
    private static final class Forger extends Silent {
        Forger() throws IOException {
        }

        @Override
        void answer(DatagramPacket request) {
            byte[] reply = new byte[20];
            reply[0] = 2; // Access-Accept
            reply[1] = request.getData()[1]; // the request's identifier
            reply[3] = 20;
            try {
                socket.send(new DatagramPacket(reply, reply.length, request.getSocketAddress()));
            } catch (IOException e) {
                // the client is gone: nothing to answer
            }
        }
    }
}
