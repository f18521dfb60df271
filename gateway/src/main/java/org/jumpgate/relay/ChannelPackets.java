package org.jumpgate.relay;

import java.io.IOException;
import java.util.function.Consumer;
import org.apache.sshd.common.SshConstants;
import org.apache.sshd.common.channel.Channel;
import org.apache.sshd.common.util.buffer.Buffer;

/** The few packets the relay writes itself on a channel, as they came from the other side. */
final class ChannelPackets {

    private ChannelPackets() {
    }

    /** A channel request on {@code channel}: type, want-reply and the type-specific bytes unchanged. */
    static void request(Channel channel, String req, boolean wantReply, byte[] payload) throws IOException {
        Buffer b = channel.getSession().createBuffer(SshConstants.SSH_MSG_CHANNEL_REQUEST,
                req.length() + payload.length + 16);
        b.putUInt(channel.getRecipient());
        b.putString(req);
        b.putBoolean(wantReply);
        b.putRawBytes(payload);
        channel.writePacket(b);
    }

    /** SSH_MSG_CHANNEL_SUCCESS or _FAILURE on {@code channel}. */
    static void reply(Channel channel, boolean ok) throws IOException {
        Buffer b = channel.getSession().createBuffer(ok ? SshConstants.SSH_MSG_CHANNEL_SUCCESS
                : SshConstants.SSH_MSG_CHANNEL_FAILURE, Integer.BYTES);
        b.putUInt(channel.getRecipient());
        channel.writePacket(b);
    }

    /**
     * Gives {@code len} bytes back to the sender's window on {@code channel} once the other side took
     * them: the relay's backpressure. A failure (the channel is gone) goes to {@code onFailure}.
     */
    static void release(Channel channel, long len, Consumer<? super IOException> onFailure) {
        try {
            channel.getLocalWindow().release(len);
        } catch (IOException e) {
            onFailure.accept(e);
        }
    }
}
