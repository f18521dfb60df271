package org.jumpgate.harness;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import org.apache.sshd.client.channel.ChannelExec;
import org.apache.sshd.client.session.ClientSession;
import org.apache.sshd.common.SshConstants;
import org.apache.sshd.common.util.buffer.Buffer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code backendLink.linger}: a user's next connection takes their lingering link instead of logging in again. */
class LingerTest {

    @TempDir
    Path dir;
    GatewayHarness gw;

    @AfterEach
    void stop() throws Exception {
        if (gw != null) {
            gw.close();
        }
    }

    private GatewayHarness start(String linkLines) throws Exception {
        gw = GatewayHarness.in(dir).node("login-1").backendLink(linkLines).start();
        return gw;
    }

    private double meter(String name) {
        MeterRegistry r = gw.gateway().metrics();
        return r.find(name).gauge() != null ? r.find(name).gauge().value() : r.get(name).functionCounter().count();
    }

    private void awaitLingering(int n) {
        await().atMost(Duration.ofSeconds(10)).until(() -> meter("jumpgate.backend.links.lingering") == n);
    }

    private void ok(UserClient.ExecResult r) {
        assertThat(r.exitStatus()).as("%s", r).isZero();
    }

    @Test
    void theSameUsersSecondConnectionTakesTheLingeringLinkWithoutALogin() throws Exception {
        start("");
        TestUser bob = gw.user("bob");
        ok(gw.exec(bob, "env LOGIN_NODE"));
        int oneLogin = gw.node("login-1").loginAttempts(); // the key is asked about more than once per login
        awaitLingering(1);

        UserClient.ExecResult second = gw.exec(bob, "env LOGIN_NODE");

        ok(second);
        assertThat(second.stdout()).isEqualTo("LOGIN_NODE=login-1\n");
        assertThat(gw.node("login-1").loginAttempts()).as("one backend login for two connections")
                .isEqualTo(oneLogin);
        assertThat(gw.audit().events("backend.chosen", "bob")).hasSize(1);
        String first = gw.audit().events("backend.chosen", "bob").get(0).get("session").toString();
        assertThat(gw.audit().events("backend.reused", "bob")).singleElement().satisfies(e -> {
            assertThat(e.get("backend")).isEqualTo("login-1");
            assertThat(e.get("from")).isEqualTo(first);
            assertThat(e.get("session")).isNotEqualTo(first);
        });
        assertThat(meter("jumpgate.backend.links.reused")).isEqualTo(1);
        awaitLingering(1); // and it lingers again after the second connection
    }

    @Test
    void anotherUsersConnectionNeverGetsIt() throws Exception {
        start("");
        TestUser bob = gw.user("bob");
        TestUser alice = gw.user("alice");
        ok(gw.exec(bob, "env LOGIN_NODE"));
        int oneLogin = gw.node("login-1").loginAttempts();
        awaitLingering(1);

        ok(gw.exec(alice, "env LOGIN_NODE"));

        assertThat(gw.node("login-1").loginAttempts()).isEqualTo(2 * oneLogin);
        assertThat(gw.audit().events("backend.reused", "alice")).isEmpty();
        assertThat(gw.audit().events("backend.chosen", "alice")).hasSize(1);
        awaitLingering(2);
    }

    @Test
    void withLingerZeroEveryConnectionLogsIn() throws Exception {
        start("  linger: 0s\n");
        TestUser bob = gw.user("bob");
        ok(gw.exec(bob, "env LOGIN_NODE"));
        int oneLogin = gw.node("login-1").loginAttempts();
        ok(gw.exec(bob, "env LOGIN_NODE"));
        assertThat(gw.node("login-1").loginAttempts()).isEqualTo(2 * oneLogin);
        assertThat(gw.audit().events("backend.reused", "bob")).isEmpty();
        assertThat(meter("jumpgate.backend.links.lingering")).isZero();
    }

    @Test
    void aLinkLingersOnlyForLingerThenCloses() throws Exception {
        start("  linger: 1s\n");
        TestUser bob = gw.user("bob");
        ok(gw.exec(bob, "env LOGIN_NODE"));
        int oneLogin = gw.node("login-1").loginAttempts();
        awaitLingering(1);
        awaitLingering(0);
        ok(gw.exec(bob, "env LOGIN_NODE"));
        assertThat(gw.node("login-1").loginAttempts()).isEqualTo(2 * oneLogin);
        assertThat(gw.audit().events("backend.reused", "bob")).isEmpty();
    }

    @Test
    void aLinkThatCarriedAgentForwardingDoesNotLinger() throws Exception {
        start("");
        TestUser bob = gw.user("bob");
        ok(gw.exec(bob, "env LOGIN_NODE"));
        int oneLogin = gw.node("login-1").loginAttempts();
        awaitLingering(1);
        ClientSession session = gw.login(bob);
        try (ChannelExec cat = session.createExecChannel("cat")) {
            cat.open().verify(UserClient.WAIT);
            askForAgent(session, cat);
            await().atMost(UserClient.WAIT).until(() -> gw.audit().events("forward.agent", "bob").size() == 1);
        } finally {
            session.close(false).await(UserClient.WAIT);
        }
        await().atMost(UserClient.WAIT).until(() -> gw.gateway().activeSessions() == 0);
        assertThat(meter("jumpgate.backend.links.lingering")).isZero();
        ok(gw.exec(bob, "env LOGIN_NODE"));
        assertThat(gw.node("login-1").loginAttempts()).as("the first link went, the third connection logs in")
                .isEqualTo(2 * oneLogin);
    }

    @Test
    void closingTheGatewayClosesLingeringLinks() throws Exception {
        start("");
        TestUser bob = gw.user("bob");
        ok(gw.exec(bob, "env LOGIN_NODE"));
        awaitLingering(1);
        gw.gateway().close();
        assertThat(meter("jumpgate.backend.links.lingering")).isZero();
    }

    private static void askForAgent(ClientSession session, ChannelExec channel) throws IOException {
        Buffer b = session.createBuffer(SshConstants.SSH_MSG_CHANNEL_REQUEST);
        b.putUInt(channel.getRecipient());
        b.putString("auth-agent-req@openssh.com");
        b.putBoolean(false);
        session.writePacket(b);
    }
}
