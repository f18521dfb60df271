package org.jumpgate.harness;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.sshd.client.session.ClientSession;
import org.apache.sshd.common.session.Session;
import org.apache.sshd.common.session.SessionListener;
import org.jumpgate.harness.UserClient.ExecResult;
import org.jumpgate.testing.LogCapture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A login node that hangs with its TCP connection open (as a SIGSTOPped sshd): the backend link's
 * keepalives go unanswered, and the user's connection ends with a line saying why, on the
 * session's stderr and as the disconnect message. it-tests' HungSshdTest does the same with
 * a real sshd, SIGSTOP and OpenSSH.
 */
@Timeout(60)
class HungLoginNodeTest {

    static final String WHY = "jumpgate: login node login-1 stopped answering; reconnect to continue";

    @TempDir
    Path dir;

    @Test
    void aLoginNodeThatStopsAnsweringEndsItsUsersConnectionsSayingSo() throws Exception {
        try (GatewayHarness gw = GatewayHarness.in(dir).node("login-1")
                .backendLink("  keepalive: 1s\n  keepaliveCountMax: 2\n").start();
             LogCapture log = LogCapture.of("org.jumpgate.backend.BackendConnector")) {
            TestUser alice = gw.user("alice");
            ClientSession session = gw.login(alice);
            List<String> disconnects = new CopyOnWriteArrayList<>();
            session.addSessionListener(new SessionListener() {
                @Override
                public void sessionDisconnect(Session s, int reason, String msg, String language, boolean initiator) {
                    if (!initiator) {
                        disconnects.add(msg);
                    }
                }
            });
            CompletableFuture<ExecResult> shell = CompletableFuture.supplyAsync(() -> {
                try {
                    return UserClient.exec(session, "echo working; await never", Map.of(), null);
                } catch (java.io.IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            });
            await().atMost(UserClient.WAIT).until(() -> gw.gateway().balancer().backend("login-1")
                    .orElseThrow().sessions() == 1);
            // while the node answers its keepalives, the link outlives many times keepalive x countMax
            await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(5)).until(() -> !shell.isDone());

            gw.node("login-1").freeze();

            ExecResult r = shell.get(UserClient.WAIT.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
            assertThat(r.stdout()).isEqualTo("working\n");
            assertThat(r.stderr()).isEqualTo(WHY + "\n");
            await().atMost(UserClient.WAIT).untilAsserted(() -> assertThat(disconnects).containsExactly(WHY));
            assertThat(log.messages()).singleElement().asString()
                    .startsWith("login node login-1 (" + gw.node("login-1").address() + ") answered no keepalive for 2s")
                    .endsWith("on alice's link; ending that connection");
            gw.node("login-1").thaw();
        }
    }
}
