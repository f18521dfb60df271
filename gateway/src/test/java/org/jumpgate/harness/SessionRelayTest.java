package org.jumpgate.harness;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.apache.sshd.client.session.ClientSession;
import org.jumpgate.harness.UserClient.ExecResult;
import org.jumpgate.testing.LogCapture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code ssh mila COMMAND} through a real gateway to an in-process login node, as
 * it-tests' SessionRelayTest checks it with OpenSSH and sshd, without root or any OS program.
 */
@Timeout(60)
class SessionRelayTest {

    @TempDir
    static Path dir;
    static GatewayHarness gw;
    static TestUser alice;
    static final ExecutorService background = Executors.newSingleThreadExecutor();

    @BeforeAll
    static void start() throws Exception {
        gw = GatewayHarness.in(dir).node("login-1").start();
        alice = gw.user("alice");
    }

    @AfterAll
    static void stop() throws Exception {
        background.shutdownNow();
        if (gw != null) {
            gw.close();
        }
    }

    @Test
    void exitStatusZeroReachesTheUser() throws Exception {
        ExecResult r = gw.exec(alice, "echo hello");
        assertThat(r.exitStatus()).as("%s", r).isZero();
        assertThat(r.stdout()).isEqualTo("hello\n");
        assertThat(r.stderr()).isEmpty();
    }

    @Test
    void exitStatusThreeReachesTheUser() throws Exception {
        ExecResult r = gw.exec(alice, "echo bye; exit 3");
        assertThat(r.exitStatus()).as("%s", r).isEqualTo(3);
        assertThat(r.stdout()).isEqualTo("bye\n");
        awaitSessionEnd("status 3");
    }

    @Test
    void aCommandKilledBySignalReachesTheUserAsThatSignal() throws Exception {
        ExecResult r = gw.exec(alice, "echo started; kill KILL");
        assertThat(r.exitSignal()).as("%s", r).isEqualTo("KILL");
        assertThat(r.exitStatus()).isNull();
        assertThat(r.stdout()).isEqualTo("started\n");
        awaitSessionEnd("signal KILL");
    }

    /** A session of alice's ended as {@code exit} says, in the audit log (each test ends its own way). */
    private static void awaitSessionEnd(String exit) {
        await().atMost(UserClient.WAIT).untilAsserted(() -> assertThat(gw.audit().events("session.end", "alice"))
                .anySatisfy(e -> assertThat(e.get("exit")).isEqualTo(exit)));
    }

    @Test
    void stderrStaysApartFromStdout() throws Exception {
        ExecResult r = gw.exec(alice, "echo out; err err; echo out2");
        assertThat(r.stdout()).as("%s", r).isEqualTo("out\nout2\n");
        assertThat(r.stderr()).isEqualTo("err\n");
        assertThat(r.exitStatus()).isZero();
    }

    @Test
    void stdinReachesTheCommandWholeWithEof() throws Exception {
        byte[] data = new byte[3 * 1024 * 1024 + 17];
        new Random(42).nextBytes(data);
        ExecResult r = gw.exec(alice, "cat; echo end", Map.of(), data);
        assertThat(r.exitStatus()).as("%s", r.exitStatus()).isZero();
        assertThat(r.stdoutBytes()).hasSize(data.length + "end\n".length());
        assertThat(Arrays.copyOf(r.stdoutBytes(), data.length)).isEqualTo(data);
    }

    @Test
    void allowedEnvironmentPassesAndOtherVariablesDoNot() throws Exception {
        ExecResult r = gw.exec(alice, "env LANG LC_TIME JG_SECRET LOGIN_NODE",
                Map.of("LANG", "C.UTF-8", "LC_TIME", "C", "JG_SECRET", "x"), null);
        assertThat(r.stdout()).as("%s", r).isEqualTo("LANG=C.UTF-8\nLC_TIME=C\nLOGIN_NODE=login-1\n");
    }

    @Test
    void aClientThatClosesRightAfterTheLoginNodesEofStillGetsTheExitStatus() throws Exception {
        // The node reads stdin up to the client's EOF, writes, sends its own EOF, and sends its exit
        // status only when the test opens the gate: once the gateway holds the client's CLOSE
        // (relay.UserSessionChannel#handleClose says so at DEBUG; nothing outside shows it).
        ClientSession session = gw.login(alice);
        try (LogCapture relay = LogCapture.of("org.jumpgate.relay.UserSessionChannel")) {
            CompletableFuture<ExecResult> result = CompletableFuture.supplyAsync(() -> {
                try {
                    return UserClient.execClosingOnEof(session, "cat; echo done; eof; await exit; exit 7", new byte[0]);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }, background);
            relay.awaitMessage("holding its close", UserClient.WAIT);
            gw.node("login-1").open("exit");
            ExecResult r = result.get(UserClient.WAIT.toSeconds(), TimeUnit.SECONDS);
            assertThat(r.exitStatus()).as("%s", r).isEqualTo(7);
            assertThat(r.stdout()).isEqualTo("done\n");
        } finally {
            session.close(true);
        }
    }
}
