package org.jumpgate.relay;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.sshd.common.SshConstants;
import org.apache.sshd.common.channel.Channel;
import org.apache.sshd.common.session.ConnectionService;
import org.apache.sshd.common.session.helpers.AbstractConnectionService;
import org.apache.sshd.server.session.ServerSession;
import org.jumpgate.common.PrintableText;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Ending a user connection with words: the reason goes as a line on the stderr of each relayed
 * session (what a user at a shell or a script sees), then as the SSH_MSG_DISCONNECT description
 * (what OpenSSH prints at its default log level, also for a {@code ProxyJump} connection that
 * carries no session).
 */
final class Farewell {

    private static final Logger LOG = LoggerFactory.getLogger(Farewell.class);

    /** How long the stderr lines may take to reach a user whose window is full. */
    static final Duration WAIT = Duration.ofSeconds(2);
    /** Longest reason passed on (it may come from an operator's command line); longer ones are cut. */
    static final int MAX_REASON = 200;

    private Farewell() {
    }

    static CompletableFuture<Void> end(ServerSession session, String reason) {
        String text = "jumpgate: " + PrintableText.of(reason, MAX_REASON);
        List<CompletableFuture<Void>> said = new ArrayList<>();
        for (Channel c : channels(session)) {
            if (c instanceof UserSessionChannel u) {
                said.add(u.sayOnStderr(text).exceptionally(e -> null));
            }
        }
        return CompletableFuture.allOf(said.toArray(CompletableFuture[]::new))
                .completeOnTimeout(null, WAIT.toMillis(), TimeUnit.MILLISECONDS)
                .thenRun(() -> disconnect(session, text));
    }

    /** The channels open on {@code session} now (none before authentication). */
    static List<Channel> channels(ServerSession session) {
        ConnectionService cs;
        try {
            cs = session.getService(ConnectionService.class);
        } catch (RuntimeException e) {
            return List.of();
        }
        return cs instanceof AbstractConnectionService acs ? List.copyOf(acs.getChannels()) : List.of();
    }

    private static void disconnect(ServerSession session, String text) {
        try {
            session.disconnect(SshConstants.SSH2_DISCONNECT_BY_APPLICATION, text);
        } catch (IOException | RuntimeException e) {
            LOG.debug("disconnecting {}: {}", session, e.toString());
            session.close(true);
        }
    }
}
