package org.jumpgate.harness;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.sshd.client.channel.ChannelExec;
import org.apache.sshd.client.session.ClientSession;
import org.apache.sshd.common.SshConstants;
import org.apache.sshd.common.config.keys.PublicKeyEntry;
import org.apache.sshd.common.util.buffer.Buffer;
import org.jumpgate.harness.RecordingAuditLog.Event;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code ssh -A} and {@code ssh -X} as OpenSSH asks for them (agent without an answer wanted, X11
 * with one) are audited: who, which connection and channel, which login node, allowed or refused
 * and by whom. The harness's login nodes have no agent and no X server: they refuse both.
 */
@Timeout(60)
class ForwardingAuditTest {

    private static final String AGENT = "auth-agent-req@openssh.com";
    private static final String X11 = "x11-req";

    @TempDir
    static Path dir;
    static GatewayHarness gw;
    static TestUser alice;
    static TestUser bob;

    @BeforeAll
    static void start() throws Exception {
        gw = GatewayHarness.in(dir).node("login-1").start();
        alice = gw.user("alice");
        bob = gw.user("bob");
        // as an operator restricts a key: the line's options become the certificate's extensions
        Files.writeString(dir.resolve("keys/bob"), "restrict " + PublicKeyEntry.toString(bob.key().getPublic()) + "\n");
    }

    @AfterAll
    static void stop() throws Exception {
        if (gw != null) {
            gw.close();
        }
    }

    /** Opens a session channel running {@code cat} and sends the two requests on it, as OpenSSH would. */
    private static void askForAgentAndX11(TestUser user) throws IOException {
        ClientSession session = gw.login(user);
        try (ChannelExec cat = session.createExecChannel("cat")) {
            cat.open().verify(UserClient.WAIT);
            request(session, cat, AGENT, false, null);
            Buffer x11 = session.createBuffer(SshConstants.SSH_MSG_CHANNEL_REQUEST);
            request(session, cat, X11, true, x11);
            await().atMost(UserClient.WAIT).until(() -> gw.audit().events("forward.x11", user.name()).size() == 1);
        } finally {
            session.close(false).await(UserClient.WAIT);
        }
    }

    private static void request(ClientSession session, ChannelExec channel, String name, boolean wantReply,
                                Buffer given) throws IOException {
        Buffer b = given != null ? given : session.createBuffer(SshConstants.SSH_MSG_CHANNEL_REQUEST);
        b.putUInt(channel.getRecipient());
        b.putString(name);
        b.putBoolean(wantReply);
        if (name.equals(X11)) {
            b.putBoolean(false); // single connection
            b.putString("MIT-MAGIC-COOKIE-1");
            b.putString("8d3c5f0e2b6a4c1d9e7f0a2b4c6d8e0f");
            b.putUInt(0); // screen
        }
        session.writePacket(b);
    }

    private static Event only(String event, TestUser user) {
        List<Event> events = gw.audit().events(event, user.name());
        assertThat(events).as(event).hasSize(1);
        return events.get(0);
    }

    @Test
    void agentAndX11RequestsOfAPermittedKeyAreAuditedWithWhatTheLoginNodeSaid() throws Exception {
        askForAgentAndX11(alice);
        Event agent = only("forward.agent", alice);
        assertThat(agent.fields()).containsEntry("via", "login-1").containsEntry("ok", true)
                .containsEntry("reason", null).containsKeys("session", "channel");
        // passed on: OpenSSH asks no answer to this one, the login node's sshd decides
        Event x11 = only("forward.x11", alice);
        assertThat(x11.fields()).containsEntry("via", "login-1").containsEntry("ok", false)
                .containsEntry("reason", "refused by login node login-1")
                .containsEntry("session", agent.get("session")).containsEntry("channel", agent.get("channel"));
        assertThat(gw.audit().events("session.start", alice.name())).singleElement()
                .satisfies(e -> assertThat(e.get("session")).isEqualTo(agent.get("session")));
    }

    @Test
    void agentAndX11RequestsOfARestrictedKeyAreRefusedByTheGatewaySayingWhy() throws Exception {
        askForAgentAndX11(bob);
        assertThat(only("forward.agent", bob).fields()).containsEntry("ok", false)
                .containsEntry("reason", "agent forwarding is not permitted for this key (no-agent-forwarding or restrict)");
        assertThat(only("forward.x11", bob).fields()).containsEntry("ok", false)
                .containsEntry("reason", "X11 forwarding is not permitted for this key (no-X11-forwarding or restrict)");
    }
}
