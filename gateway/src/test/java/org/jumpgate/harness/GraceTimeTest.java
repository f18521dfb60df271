package org.jumpgate.harness;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.sshd.client.session.ClientSession;
import org.apache.sshd.common.SshConstants;
import org.apache.sshd.common.session.Session;
import org.apache.sshd.common.session.SessionListener;
import org.apache.sshd.common.util.buffer.Buffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The unauthenticated connection's grace time is not restarted by a client that requests the
 * {@code ssh-userauth} service again and again (paramiko sends one before each method; a client
 * that re-sent it to hold a connection open used to be never cut).
 */
@Timeout(60)
class GraceTimeTest {

    @TempDir
    Path dir;

    @Test
    void reRequestingTheUserauthServiceDoesNotRestartTheGraceTime() throws Exception {
        try (GatewayHarness gw = GatewayHarness.in(dir).node("login-1").authTimeout(Duration.ofSeconds(2)).start()) {
            ClientSession s = gw.connectWithoutAuthenticating("alice");
            List<String> disconnects = new CopyOnWriteArrayList<>();
            s.addSessionListener(new SessionListener() {
                @Override
                public void sessionDisconnect(Session session, int reason, String msg, String language,
                                              boolean initiator) {
                    if (!initiator) {
                        disconnects.add(msg);
                    }
                }
            });
            // a new SERVICE_REQUEST every 250 ms, each under the 2 s grace time, until the gateway cuts us
            await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(250)).until(() -> {
                if (!s.isOpen()) {
                    return true;
                }
                Buffer b = s.createBuffer(SshConstants.SSH_MSG_SERVICE_REQUEST, 32);
                b.putString("ssh-userauth");
                try {
                    s.writePacket(b);
                } catch (IOException e) {
                    return true;
                }
                return false;
            });
            // the gateway ended it (MINA describes its auth timeout as "Protocol error or corrupt packet");
            // before the fix each request made a new service that restarted the timer: never cut
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(disconnects).isNotEmpty());
        }
    }
}
