package org.jumpgate.it.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Random;
import org.jumpgate.it.fixture.ControlMaster;
import org.jumpgate.it.fixture.OpenSsh;
import org.jumpgate.it.fixture.Result;
import org.jumpgate.it.fixture.TestUser;
import org.jumpgate.it.fixture.TmuxTerminal;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code ssh mila ...} through the gateway to a real sshd login node, with real OpenSSH. */
class SessionRelayTest {

    static GatewayFixture gw;
    static TestUser alice;
    static OpenSsh client;

    @TempDir
    Path tmp;

    @BeforeAll
    static void start() throws Exception {
        gw = GatewayFixture.start("login-1", "login-2");
        alice = gw.user("alice");
        client = gw.client(alice);
    }

    @AfterAll
    static void stop() {
        if (gw != null) {
            gw.close();
        }
    }

    private Result ssh(String... args) {
        return client.withCode(gw.nextCode(alice)).ssh(args);
    }

    @Test
    void exitCodesArriveAsTheCommandExited() {
        assertThat(ssh("mila", "exit 0").exitCode()).isZero();
        assertThat(ssh("mila", "exit 7").exitCode()).isEqualTo(7);
        assertThat(ssh("mila", "exit 255").exitCode()).isEqualTo(255);
    }

    @Test
    void loginAsksKeyThenVerificationCodeAndLandsOnALoginNode() {
        Result r = ssh("mila", "echo $LOGIN_NODE");
        assertThat(r.exitCode()).isZero();
        assertThat(r.stdout()).isIn("login-1\n", "login-2\n");
        assertThat(r.askpassPrompts()).singleElement().asString().endsWith("Verification code: ");
    }

    @Test
    void quotedVariablesExpandOnTheLoginNodeAsTheGuideSays() {
        assertThat(ssh("mila", "echo $USER").stdout()).isEqualTo("jgalice\n");
    }

    @Test
    void stderrStaysApartFromStdout() {
        Result r = ssh("mila", "echo out; echo err >&2; echo out2");
        assertThat(r.stdout()).isEqualTo("out\nout2\n");
        assertThat(r.stderr()).contains("err").doesNotContain("out");
    }

    @Test
    void commandKilledBySignalIsReportedAsOpenSshReportsIt() {
        // OpenSSH 9.2 against sshd directly: exit 255 and, at debug level, an exit-signal request
        Result r = ssh("-v", "mila", "kill -9 $$");
        assertThat(r.exitCode()).isEqualTo(255);
        assertThat(r.stderr()).contains("rtype exit-signal");
    }

    @Test
    void stdinReachesTheCommandWholeWithEof() throws Exception {
        byte[] data = new byte[3 * 1024 * 1024 + 17];
        new Random(42).nextBytes(data);
        Path file = Files.write(tmp.resolve("in.bin"), data);
        Result r = client.withCode(gw.nextCode(alice)).withStdin(file).ssh("mila", "wc -c");
        assertThat(r.stdout().trim()).isEqualTo(String.valueOf(data.length));
    }

    @Test
    void allowedEnvironmentPassesAndOtherVariablesDoNot() {
        Result r = client.withCode(gw.nextCode(alice)).withEnv("LANG", "C.UTF-8").withEnv("LC_TIME", "C")
                .withEnv("JG_SECRET", "x")
                .ssh("-o", "SendEnv=LANG LC_TIME JG_SECRET", "mila", "echo \"$LANG|$LC_TIME|${JG_SECRET:-unset}\"");
        assertThat(r.stdout()).isEqualTo("C.UTF-8|C|unset\n");
    }

    @Test
    void ptyShellSeesTermAndSizeAndFollowsAResize() {
        try (TmuxTerminal tty = client.withCode(gw.nextCode(alice)).terminal(24, 80, "xterm-256color", "mila")) {
            tty.sync();
            tty.typeLine("echo \"term=$TERM size=$(stty size)\"");
            tty.awaitScreen("term=xterm-256color size=24 80");
            tty.resize(40, 120);
            tty.typeLine("echo \"now=$(stty size)\"");
            tty.awaitScreen("now=40 120");
            tty.typeLine("exit 3");
            assertThat(tty.awaitExit(Duration.ofSeconds(20))).isEqualTo(3);
        }
    }

    @Test
    void ctrlCInterruptsTheRemoteProgram() {
        try (TmuxTerminal tty = client.withCode(gw.nextCode(alice)).terminal(24, 80, "xterm", "mila")) {
            tty.sync();
            tty.typeLine("sleep 602");
            org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(20)).until(() ->
                    org.jumpgate.it.fixture.Processes.run(java.util.List.of("pgrep", "-u", "jgalice", "-x", "sleep"),
                            java.util.Map.of(), null, Duration.ofSeconds(10)).ok());
            tty.keys("C-c");
            tty.typeLine("echo \"sleep ended with $?\"");
            tty.awaitScreen("sleep ended with 130"); // 128 + SIGINT: the ^C reached the remote sleep
            tty.keys("C-d");
            assertThat(tty.awaitExit(Duration.ofSeconds(20))).isZero();
        }
    }

    @Test
    void controlMasterSessionsShareOneLoginNodeLink() {
        String before = gw.audit();
        try (ControlMaster master = client.withCode(gw.nextCode(alice)).startControlMaster("mila")) {
            Result first = master.ssh("mila", "echo one $LOGIN_NODE");
            Result second = master.ssh("mila", "echo two $LOGIN_NODE");
            assertThat(first.stdout()).startsWith("one login-");
            assertThat(second.stdout()).startsWith("two login-");
            assertThat(first.stdout().substring(4)).isEqualTo(second.stdout().substring(4));
            String added = gw.audit().substring(before.length());
            // one link: a new login (backend.chosen) or alice's earlier link lingering (backend.reused)
            assertThat(added.lines().filter(l -> l.contains("\"backend.chosen\"") || l.contains("\"backend.reused\"")))
                    .hasSize(1);
        }
    }

    @Test
    void keepalivesAreAnsweredSoAQuietSessionStays() {
        // without answers, ssh gives up after ~2 s: "Timeout, server ... not responding"
        Result r = ssh("-o", "ServerAliveInterval=1", "-o", "ServerAliveCountMax=2", "mila", "sleep 5; echo still");
        assertThat(r.exitCode()).as(r.toString()).isZero();
        assertThat(r.stdout()).isEqualTo("still\n");
    }

    @Test
    void loginNodesHostKeysNeverReachTheUsersKnownHosts() throws Exception {
        Result r = ssh("-o", "UpdateHostKeys=yes", "mila", "echo $LOGIN_NODE");
        assertThat(r.exitCode()).as(r.toString()).isZero();
        String known = Files.readString(client.knownHostsFile());
        for (String node : java.util.List.of("login-1", "login-2")) {
            for (String line : gw.node(node).hostKeyLines()) {
                assertThat(known).doesNotContain(line.split(" ")[1]);
            }
        }
    }

    @Test
    void loginNodeSeesACertificateNamingTheUserAndTheGatewaySession() {
        Result r = ssh("mila", "echo $LOGIN_NODE");
        String node = r.stdout().trim();
        String log = gw.node(node).awaitLog("ID jumpgate:jgalice:");
        assertThat(log).contains("Accepted publickey for jgalice");
        assertThat(gw.audit()).contains("\"event\":\"session.end\"").contains("\"user\":\"jgalice\"");
    }
}
