package org.jumpgate.it.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.jumpgate.it.fixture.BackgroundProcess;
import org.jumpgate.it.fixture.OpenSsh;
import org.jumpgate.it.fixture.Processes;
import org.jumpgate.it.fixture.Result;
import org.jumpgate.it.fixture.SshKeygen;
import org.jumpgate.it.fixture.TestUser;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** -L, -R and -A leave from the login node, as the user, exactly as if the user were there. */
class ForwardingTest {

    static GatewayFixture gw;
    static TestUser dan;
    static OpenSsh client;
    static EchoServer echo;

    @TempDir
    Path tmp;

    @BeforeAll
    static void start() throws Exception {
        gw = GatewayFixture.start("login-1");
        dan = gw.user("dan");
        client = gw.client(dan);
        echo = new EchoServer();
    }

    @AfterAll
    static void stop() throws Exception {
        if (echo != null) {
            echo.close();
        }
        if (gw != null) {
            gw.close();
        }
    }

    @Test
    void localForwardWithoutAShellReachesAPortOnTheLoginNode() throws Exception {
        int local = EchoServer.freePort();
        try (BackgroundProcess fwd = client.withCode(gw.nextCode(dan))
                .startSsh("-N", "-L", local + ":localhost:" + echo.port(), "mila")) {
            await().atMost(Duration.ofSeconds(30)).ignoreExceptions()
                    .until(() -> EchoServer.roundTrip(local, "jupyter").equals("jupyter"));
        }
        assertThat(gw.audit()).contains("\"target\":\"localhost:" + echo.port() + "\",\"via\":\"login-1\",\"ok\":true");
    }

    @Test
    void localForwardBesideAShellWorksToo() throws Exception {
        int local = EchoServer.freePort();
        try (BackgroundProcess fwd = client.withCode(gw.nextCode(dan))
                .startSsh("-L", local + ":localhost:" + echo.port(), "mila", "sleep 597")) {
            await().atMost(Duration.ofSeconds(30)).ignoreExceptions()
                    .until(() -> EchoServer.roundTrip(local, "tensorboard").equals("tensorboard"));
        }
    }

    @Test
    void remoteForwardBringsTheLoginNodesConnectionsBackToTheClient() throws Exception {
        int remote = EchoServer.freePort();
        Result r = client.withCode(gw.nextCode(dan)).ssh("-o", "ExitOnForwardFailure=yes",
                "-R", remote + ":localhost:" + echo.port(), "mila",
                "exec 3<>/dev/tcp/127.0.0.1/" + remote + "; echo from-login-node >&3; read -r line <&3; echo got:$line");
        assertThat(r.exitCode()).as(r.toString()).isZero();
        assertThat(r.stdout()).isEqualTo("got:from-login-node\n");
        assertThat(gw.audit()).contains("\"event\":\"forward.remote\"").contains("\"request\":\"tcpip-forward\"");
    }

    @Test
    void forwardedAgentListsTheUsersKeysOnTheLoginNode() throws Exception {
        Path sock = tmp.resolve("agent.sock");
        Result agent = Processes.run(List.of("ssh-agent", "-a", sock.toString()), Map.of(), null, Duration.ofSeconds(10));
        assertThat(agent.exitCode()).isZero();
        long agentPid = Long.parseLong(agent.stdout().replaceAll("(?s).*SSH_AGENT_PID=(\\d+).*", "$1"));
        try {
            Result add = Processes.run(List.of("ssh-add", dan.privateKey().toString()),
                    Map.of("SSH_AUTH_SOCK", sock.toString()), null, Duration.ofSeconds(10));
            assertThat(add.exitCode()).as(add.toString()).isZero();
            Result r = client.withCode(gw.nextCode(dan)).withEnv("SSH_AUTH_SOCK", sock.toString())
                    .ssh("-A", "mila", "ssh-add -l");
            assertThat(r.exitCode()).as(r.toString()).isZero();
            assertThat(r.stdout()).contains(SshKeygen.fingerprint(dan.privateKey()).split(" ")[1]);
            // audited: OpenSSH asks no answer to auth-agent-req, so ok means passed on, permitted by the key
            assertThat(gw.audit().lines().filter(l -> l.contains("\"event\":\"forward.agent\"")))
                    .singleElement().asString().contains("\"user\":\"" + dan.name() + "\"")
                    .contains("\"via\":\"login-1\",\"ok\":true}");
        } finally {
            ProcessHandle.of(agentPid).ifPresent(ProcessHandle::destroy);
        }
    }
}
