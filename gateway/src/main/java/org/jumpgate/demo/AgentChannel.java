package org.jumpgate.demo;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.SocketChannel;
import org.apache.sshd.client.channel.AbstractClientChannel;
import org.apache.sshd.common.Closeable;
import org.apache.sshd.common.SshConstants;
import org.apache.sshd.common.channel.ChannelOutputStream;

/**
 * One connection to a forwarded agent: a program on the demo node connected to the session's
 * {@code SSH_AUTH_SOCK}, relayed byte for byte through an {@code auth-agent@openssh.com}
 * channel to the user's ssh, which hands it to the user's own agent. Ends when either side does.
 */
final class AgentChannel extends AbstractClientChannel {

    static final String TYPE = "auth-agent@openssh.com";

    private final SocketChannel socket;

    AgentChannel(SocketChannel socket) {
        super(TYPE);
        this.socket = socket;
        // what the user's agent answers goes to the local program (AbstractClientChannel writes, then opens the window)
        setOut(Channels.newOutputStream(socket));
    }

    @Override
    protected void doOpen() throws IOException {
        invertedIn = new ChannelOutputStream(this, getRemoteWindow(), log, SshConstants.SSH_MSG_CHANNEL_DATA, true);
        Thread t = new Thread(this::relayRequests, "demo-agent-" + getChannelId());
        t.setDaemon(true);
        t.start();
    }

    /** The local program's requests to the user's agent, until it hangs up. */
    private void relayRequests() {
        OutputStream to = invertedIn;
        ByteBuffer buf = ByteBuffer.allocate(8192);
        try {
            while (socket.read(buf) >= 0) {
                to.write(buf.array(), 0, buf.position());
                to.flush();
                buf.clear();
            }
        } catch (IOException e) {
            // the socket or the channel closed
        } finally {
            close(false);
        }
    }

    @Override
    protected void doWriteExtendedData(byte[] data, int off, long len) throws IOException {
        // an agent channel has no stderr: ignored
        getLocalWindow().release(len);
    }

    @Override
    protected Closeable getInnerCloseable() {
        return builder().close(super.getInnerCloseable()).run(toString(), this::closeSocket).build();
    }

    private void closeSocket() {
        try {
            socket.close();
        } catch (IOException e) {
            // closing anyway
        }
    }
}
