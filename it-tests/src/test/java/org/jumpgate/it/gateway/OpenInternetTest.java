package org.jumpgate.it.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.jumpgate.it.fixture.OpenSsh;
import org.jumpgate.it.fixture.Processes;
import org.jumpgate.it.fixture.Result;
import org.jumpgate.it.fixture.TestUser;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The gateway on the open internet, attacked as an outsider would from 127.0.0.2 while users log
 * in from 127.0.0.1, with real OpenSSH (and paramiko for the SERVICE_REQUEST trick): silent
 * connections are bounded per source, a source whose logins fail is refused at accept until its
 * penalty is over, guessing codes with a stolen key stops, and nobody holds an unauthenticated
 * connection past its grace time.
 */
class OpenInternetTest {

    /**
     * OpenSSH's defaults but for one: a source holding its 10 slots puts the gateway exactly at
     * {@code maxStartups}' start, where 30% of everyone's new connections are dropped (as with
     * OpenSSH's sshd); 20 lets this test measure latency, not drops. 127.0.0.1 (the users) is exempt
     * from penalties, as a site's own networks would be; 127.0.0.2 (the attacker) is not.
     */
    private static final String LIMITS = "limits:\n  maxStartups: \"20:30:100\"\n"
            + "  perSourcePenalties: {exempt: [\"127.0.0.1/32\"]}\n";
    private static final int SILENT = 1000;
    private static final int LOGINS = 7;

    static GatewayFixture gw;
    static TestUser alice;
    static TestUser bob;

    @BeforeAll
    static void start() throws Exception {
        gw = GatewayFixture.start(List.of("login-1"), LIMITS);
        alice = gw.user("alice");
        bob = gw.user("bob");
    }

    @AfterAll
    static void stop() {
        if (gw != null) {
            gw.close();
        }
    }

    private static long openFds() throws IOException {
        try (Stream<Path> fds = Files.list(Path.of("/proc/self/fd"))) {
            return fds.count();
        }
    }

    private static long medianLoginMillis(OpenSsh client) {
        long[] took = new long[LOGINS];
        for (int i = 0; i < LOGINS; i++) {
            long t0 = System.nanoTime();
            Result r = client.withCode(gw.nextCode(alice)).ssh("mila", "true");
            took[i] = (System.nanoTime() - t0) / 1_000_000;
            assertThat(r.exitCode()).as(r.toString()).isZero();
        }
        Arrays.sort(took);
        return took[LOGINS / 2];
    }

    private static double unauthenticated() {
        return gw.gateway().metrics().get("jumpgate.connections.unauthenticated").gauge().value();
    }

    @Test
    void aRealLoginStaysQuickWhileOneSourceHoldsAThousandSilentConnections() throws Exception {
        OpenSsh client = gw.client(alice);
        medianLoginMillis(client); // warm up both sides
        long unloaded = medianLoginMillis(client);
        long baseline = openFds();

        List<Socket> silent = new ArrayList<>();
        try {
            for (int i = 0; i < SILENT; i++) {
                Socket s = new Socket();
                silent.add(s);
                s.bind(new InetSocketAddress("127.0.0.2", 0));
                s.connect(gw.gateway().address(), 5000);
            }
            await().atMost(Duration.ofSeconds(20)).until(() -> gw.gateway().metrics()
                    .get("jumpgate.connections.refused").tag("reason", "per_source").counter().count()
                    + gw.gateway().metrics().get("jumpgate.connections.refused").tag("reason", "max_startups")
                    .counter().count() >= SILENT - 10);
            double held = unauthenticated();
            long loaded = medianLoginMillis(client);
            System.out.printf("silent-flood: %d connections from 127.0.0.2, gateway holds %.0f unauthenticated;"
                            + " ssh mila p50 unloaded %d ms, loaded %d ms, ratio %.2f (of %d logins each)%n",
                    SILENT, held, unloaded, loaded, (double) loaded / unloaded, LOGINS);
            assertThat(held).as("at most perSourceMaxStartups of them").isLessThanOrEqualTo(10);
        } finally {
            for (Socket s : silent) {
                s.close();
            }
        }
        await().atMost(Duration.ofSeconds(30)).until(() -> unauthenticated() == 0);
        await().atMost(Duration.ofSeconds(30)).until(() -> openFds() <= baseline);
        System.out.printf("silent-flood: open fds %d before, %d after%n", baseline, openFds());
    }

    @Test
    void aSourceSendingWrongCodesIsRefusedAtAcceptWhileAnotherLogsInUntilItsPenaltyIsOver() {
        OpenSsh client = gw.client(alice);
        for (int i = 0; i < 4; i++) { // authfail 5 s each: 20 s outstanding, more than min 15 s
            Result wrong = client.withCode(gw.wrongCode(alice)).ssh("-o", "BindAddress=127.0.0.2",
                    "-o", "NumberOfPasswordPrompts=1", "mila", "true"); // one wrong code each (the askpass has
                    // nothing more to say: empty answers are failed tries, not guesses), so alice is not locked
            assertThat(wrong.exitCode()).as(wrong.toString()).isEqualTo(255);
            assertThat(wrong.stderr()).contains("Permission denied");
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> gw.audit().contains("\"event\":\"source.penalised\""));
        assertThat(gw.audit()).contains("\"source\":\"127.0.0.2/32\",\"penalty\":\"authfail\"");

        Result refused = client.withCode(gw.nextCode(alice)).ssh("-o", "BindAddress=127.0.0.2", "mila", "true");
        assertThat(refused.exitCode()).as(refused.toString()).isEqualTo(255);
        // as with OpenSSH's sshd: the refusal line, then a close the client sees before its banner is read
        assertThat(refused.stderr()).contains("kex_exchange_identification");
        assertThat(refused.askpassPrompts()).as("closed before any SSH").isEmpty();

        Result other = client.withCode(gw.nextCode(alice)).ssh("mila", "echo from 127.0.0.1");
        assertThat(other.stdout()).as(other.toString()).isEqualTo("from 127.0.0.1\n");

        gw.limitsClock().advance(Duration.ofSeconds(21));
        Result again = client.withCode(gw.nextCode(alice)).ssh("-o", "BindAddress=127.0.0.2", "mila", "echo back");
        assertThat(again.stdout()).as(again.toString()).isEqualTo("back\n");
        assertThat(gw.audit().split("\"event\":\"source.penalised\"", -1)).as("audited once").hasSize(2);
    }

    @Test
    void guessingCodesWithAStolenKeyStopsAndTheUserIsToldWhy() {
        OpenSsh thief = gw.client(bob);
        String[] wrong = new String[10];
        Arrays.fill(wrong, gw.wrongCode(bob));
        Result first = thief.withCode(wrong).ssh("-o", "NumberOfPasswordPrompts=10", "mila", "true");
        assertThat(first.exitCode()).as(first.toString()).isEqualTo(255);
        assertThat(first.askpassPrompts()).as("three codes per connection, however often the client asks")
                .hasSize(3);
        assertThat(first.stderr()).contains("Wrong code (check that your phone's clock is right).");
        assertThat(first.stderr()).as("maxAuthTries 6 ends the connection").contains("Too many authentication failures");

        Result second = thief.withCode(wrong).ssh("mila", "true");
        assertThat(second.askpassPrompts()).as("the fifth wrong code locks bob's codes").hasSize(2);
        assertThat(second.stderr()).contains("Too many wrong verification codes for this account: codes are refused"
                + " for the next 5 minutes.");

        Result right = thief.withCode(gw.nextCode(bob)).ssh("mila", "true");
        assertThat(right.exitCode()).as("the right code is refused too while locked").isEqualTo(255);
        assertThat(right.askpassPrompts()).isEmpty();
        assertThat(right.stderr()).contains("Too many wrong verification codes for this account");

        gw.limitsClock().advance(Duration.ofMinutes(5));
        Result after = thief.withCode(gw.nextCode(bob)).ssh("mila", "echo in");
        assertThat(after.stdout()).as(after.toString()).isEqualTo("in\n");
    }

    @Test
    void reRequestingTheUserauthServiceIsCutAtTheLoginGraceTime() throws Exception {
        try (GatewayFixture quick = GatewayFixture.start(List.of("login-1"),
                "limits:\n  loginGraceTime: 3s\n  perSourcePenalties: {exempt: [\"127.0.0.1/32\"]}\n")) {
            String script = """
                    import sys, time, paramiko
                    from paramiko.common import cMSG_SERVICE_REQUEST
                    t = paramiko.Transport(("127.0.0.1", int(sys.argv[1])))
                    t.start_client(timeout=10)
                    start = time.monotonic()
                    while t.is_active() and time.monotonic() - start < 30:
                        m = paramiko.Message()
                        m.add_byte(cMSG_SERVICE_REQUEST)
                        m.add_string("ssh-userauth")
                        t._send_message(m)
                        time.sleep(0.5)
                    print("cut after %.1f s" % (time.monotonic() - start) if not t.is_active() else "still open")
                    """;
            Path file = Files.createTempFile("jg-service-request-", ".py");
            try {
                Files.writeString(file, script);
                Result r = Processes.run(List.of("/usr/bin/python3", file.toString(),
                        String.valueOf(quick.gateway().port())), Map.of(), null, Duration.ofSeconds(60));
                System.out.println("service-request trick (loginGraceTime 3s): " + r.stdout().strip());
                assertThat(r.stdout()).as(r.toString()).startsWith("cut after");
            } finally {
                Files.deleteIfExists(file);
            }
        }
    }
}
