package org.jumpgate.harness;

import java.io.IOException;
import org.apache.sshd.common.SshConstants;
import org.apache.sshd.common.util.buffer.Buffer;
import org.apache.sshd.server.channel.ChannelSession;

/**
 * A test login node's {@code session} channel: MINA's, plus what sshd does that MINA's command
 * API does not offer: an EOF before the command exits, and an exit by signal.
 */
final class NodeChannel extends ChannelSession {

    /** Sends what the command wrote, then EOF; the exit status may follow later. */
    void eofNow() throws IOException {
        if (out != null) {
            out.flush();
        }
        if (err != null) {
            err.flush();
        }
        sendEof();
    }

    /**
     * Ends the command as killed by {@code signal} (without "SIG"), as sshd reports it: EOF, an
     * {@code exit-signal} request (no exit-status), then CLOSE.
     */
    void exitSignal(String signal) throws IOException {
        eofNow();
        Buffer b = getSession().createBuffer(SshConstants.SSH_MSG_CHANNEL_REQUEST, signal.length() + 64);
        b.putUInt(getRecipient());
        b.putString("exit-signal");
        b.putBoolean(false);
        b.putString(signal);
        b.putBoolean(false); // no core dumped
        b.putString("");
        b.putString("");
        writePacket(b);
        commandExitFuture.setClosed();
        close(false);
    }
}
