package org.jumpgate.relay;

import java.util.Map;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.sshd.client.future.DefaultOpenFuture;
import org.apache.sshd.common.AttributeRepository.AttributeKey;
import org.apache.sshd.common.channel.AbstractChannel;
import org.apache.sshd.common.channel.exception.SshChannelOpenException;
import org.apache.sshd.common.session.Session;

/**
 * Refusing a channel with a reason the user reads. MINA's connection service writes a generic
 * description for a failed open; {@link GatewayConnectionService} replaces it with the one left
 * here for that channel, which OpenSSH prints as {@code channel N: open failed: ...: REASON}.
 */
public final class OpenFailures {

    /** Longest reason sent; longer ones are cut. */
    public static final int MAX_REASON = 512;

    static final AttributeKey<Map<Long, String>> REASONS = new AttributeKey<>();

    private OpenFailures() {
    }

    /** Fails {@code future} and leaves {@code reason} for the open failure message of {@code channel}. */
    public static void refuse(AbstractChannel channel, DefaultOpenFuture future, int code, String reason) {
        String r = reason.length() > MAX_REASON ? reason.substring(0, MAX_REASON) : reason;
        reasons(channel.getSession()).put(channel.getRecipient(), r);
        future.setException(new SshChannelOpenException(channel.getChannelId(), code, r));
    }

    static String take(Session session, long recipient) {
        Map<Long, String> m = session.getAttribute(REASONS);
        return m == null ? null : m.remove(recipient);
    }

    private static Map<Long, String> reasons(Session session) {
        return session.computeAttributeIfAbsent(REASONS, k -> new ConcurrentHashMap<>());
    }

    /** The readable part of a failure. */
    public static String describe(Throwable error) {
        Throwable t = error;
        while (t instanceof CompletionException && t.getCause() != null) {
            t = t.getCause();
        }
        String m = t.getMessage();
        return m == null || m.isBlank() ? t.getClass().getSimpleName() : m;
    }
}
