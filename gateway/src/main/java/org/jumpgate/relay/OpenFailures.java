package org.jumpgate.relay;

import org.apache.sshd.client.future.DefaultOpenFuture;
import org.apache.sshd.common.SshConstants;
import org.apache.sshd.common.channel.AbstractChannel;
import org.apache.sshd.common.channel.exception.SshChannelOpenException;
import org.apache.sshd.common.session.Session;
import org.jumpgate.common.Exceptions;
import org.jumpgate.connection.UserConnection;
import org.jspecify.annotations.Nullable;

/**
 * Refusing a channel with a reason the user reads. MINA's connection service writes a generic
 * description for a failed open; {@link GatewayConnectionService} replaces it with the one left
 * here for that channel ({@link UserConnection#refuseChannel}), which OpenSSH prints as
 * {@code channel N: open failed: ...: REASON}. A channel a login node opened back on a backend
 * link is refused with the reason in its exception only: nothing there reads a left reason.
 */
public final class OpenFailures {

    /** Longest reason sent; longer ones are cut. */
    public static final int MAX_REASON = 512;

    private OpenFailures() {
    }

    /** Fails {@code future} and leaves {@code reason} for the open failure message of {@code channel}. */
    public static void refuse(AbstractChannel channel, DefaultOpenFuture future, int code, String reason) {
        String r = reason.length() > MAX_REASON ? reason.substring(0, MAX_REASON) : reason;
        UserConnection connection = UserConnection.find(channel.getSession());
        if (connection != null) {
            connection.refuseChannel(channel.getRecipient(), r);
        }
        future.setException(new SshChannelOpenException(channel.getChannelId(), code, r));
    }

    static @Nullable String take(Session session, long recipient) {
        UserConnection connection = UserConnection.find(session);
        return connection == null ? null : connection.takeRefusal(recipient);
    }

    /**
     * Why {@code node} did not open a forward to {@code target}, in words: from the SSH reason code
     * of its refusal, with its own description when it says something (OpenSSH's sshd says
     * "Connection refused"; other servers say "Generic error while opening channel: 0").
     */
    public static String forwardRefused(Throwable error, String node, String target) {
        Throwable t = Exceptions.unwrap(error);
        String detail = meaningful(t.getMessage());
        if (t instanceof SshChannelOpenException e) {
            switch (e.getReasonCode()) {
                case SshConstants.SSH_OPEN_ADMINISTRATIVELY_PROHIBITED:
                    return "jumpgate: " + node + " does not allow forwarding to " + target
                            + (detail != null ? " (" + detail + ")" : "");
                case SshConstants.SSH_OPEN_CONNECT_FAILED:
                    return "jumpgate: " + node + " could not connect to " + target
                            + (detail != null ? " (" + detail + ")" : " (nothing listening there, or unreachable)");
                case SshConstants.SSH_OPEN_RESOURCE_SHORTAGE:
                    return "jumpgate: " + node + " has no resources left for a forward to " + target;
                default:
                    break;
            }
        }
        return "jumpgate: " + node + " could not open " + target + (detail != null ? ": " + detail : "");
    }

    private static String meaningful(String message) {
        if (message == null || message.isBlank() || message.startsWith("Generic error while opening channel")
                || message.equals("open failed")) {
            return null;
        }
        return message.length() > 160 ? message.substring(0, 160) : message;
    }

    /** The readable part of a failure. */
    public static String describe(Throwable error) {
        return Exceptions.describe(error);
    }
}
