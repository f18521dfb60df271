package org.jumpgate.demo;

import java.io.IOException;
import java.util.Map;
import java.util.Optional;
import org.apache.sshd.common.channel.ChannelFactory;
import org.apache.sshd.common.channel.PtyMode;
import org.apache.sshd.common.channel.RequestHandler;
import org.apache.sshd.server.channel.ChannelSession;
import org.apache.sshd.server.channel.ChannelSessionFactory;

/**
 * A demo node's {@code session} channel: MINA's, remembering whether the client asked for a
 * terminal ({@code pty-req}), so that {@link NodeCommand} starts the program on a pty or on
 * pipes as sshd does. Everything else (env, window-change, signals, agent and X11 requests)
 * stays MINA's.
 */
final class NodeChannelSession extends ChannelSession {

    /**
     * A client's {@code pty-req}: the terminal type and its size in characters.
     *
     * @param term    {@code TERM} for the session, e.g. {@code xterm-256color}
     * @param columns width
     * @param rows    height
     */
    record PtyRequest(String term, int columns, int rows) {

        /** Sizes a client may send as 0 ("unknown") get the VT100's 80x24. */
        PtyRequest {
            term = term == null || term.isEmpty() ? "dumb" : term;
            columns = columns > 0 ? columns : 80;
            rows = rows > 0 ? rows : 24;
        }
    }

    /** Makes these channels for {@code session} channel opens. */
    static final ChannelFactory FACTORY = new ChannelSessionFactory() {
        @Override
        public org.apache.sshd.common.channel.Channel createChannel(org.apache.sshd.common.session.Session session) {
            return new NodeChannelSession();
        }
    };

    private volatile PtyRequest pty;

    /** The pty the client asked for on this channel, if it asked. */
    static Optional<PtyRequest> ptyRequest(ChannelSession channel) {
        return channel instanceof NodeChannelSession n ? Optional.ofNullable(n.pty) : Optional.empty();
    }

    @Override
    protected RequestHandler.Result handlePtyReqParsed(String term, int columns, int rows, int width, int height,
            Map<PtyMode, Integer> modes) throws IOException {
        RequestHandler.Result result = super.handlePtyReqParsed(term, columns, rows, width, height, modes);
        if (result == RequestHandler.Result.ReplySuccess) {
            pty = new PtyRequest(term, columns, rows);
        }
        return result;
    }
}
