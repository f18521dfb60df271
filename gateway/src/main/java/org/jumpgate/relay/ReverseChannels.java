package org.jumpgate.relay;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.apache.sshd.common.SshConstants;
import org.apache.sshd.common.channel.ChannelFactory;
import org.apache.sshd.common.session.Session;
import org.jumpgate.connection.UserConnection;

/**
 * Channels a login node opens back on a backend link because the user asked for them: remote
 * forwards ({@code -R}), the agent ({@code -A}), X11 ({@code -X}). Each is opened, as it came, on
 * the user's own connection and the bytes bridged; the user's client decides whether to accept.
 */
final class ReverseChannels {

    static final List<String> TYPES = List.of("forwarded-tcpip", "forwarded-streamlocal@openssh.com",
            "auth-agent@openssh.com", "x11");

    private ReverseChannels() {
    }

    static List<ChannelFactory> factories() {
        return TYPES.stream().map(type -> RawAcceptedChannel.factory(type, link -> (channel, payload) -> {
            UserConnection connection = UserConnection.carriedOn(link);
            Session owner = connection == null ? null : connection.session();
            if (owner == null || !owner.isOpen()) {
                return CompletableFuture.failedFuture(new RawAcceptedChannel.Refusal(
                        SshConstants.SSH_OPEN_CONNECT_FAILED, "no user session for this link"));
            }
            return RawOpenedChannel.open(owner, type, payload, type + " to " + owner.getUsername(), channel)
                    .<FarEnd>thenApply(c -> c);
        })).toList();
    }
}
