package org.jumpgate.demo;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.sshd.agent.SshAgent;
import org.apache.sshd.agent.SshAgentFactory;
import org.apache.sshd.agent.SshAgentServer;
import org.apache.sshd.common.FactoryManager;
import org.apache.sshd.common.channel.ChannelFactory;
import org.apache.sshd.common.session.ConnectionService;
import org.apache.sshd.common.session.Session;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Agent forwarding on a demo node ({@code ssh -A}), on Java's own Unix domain sockets where
 * MINA's stock server side needs tomcat-native: per SSH connection that asks for it, a socket
 * in a private temp directory (its path is the shells' {@code SSH_AUTH_SOCK}, like sshd's
 * {@code /tmp/ssh-XXXX/agent.N}); each program connecting to it gets an {@link AgentChannel}
 * to the user's ssh. The socket and its directory go when the connection closes.
 */
final class AgentRelay implements SshAgentFactory {

    private static final Logger LOG = LoggerFactory.getLogger(AgentRelay.class);

    @Override
    public List<ChannelFactory> getChannelForwardingFactories(FactoryManager manager) {
        return List.of(); // a server opens agent channels; it accepts none
    }

    @Override
    public SshAgent createClient(Session session, FactoryManager manager) {
        return null; // a demo node authenticates to nobody
    }

    @Override
    public SshAgentServer createServer(ConnectionService service) throws IOException {
        return new Listener(service);
    }

    /** The socket of one connection, and the thread that accepts on it. */
    static final class Listener implements SshAgentServer {

        private final ConnectionService service;
        private final Path dir;
        private final Path socketPath;
        private final ServerSocketChannel server;

        Listener(ConnectionService service) throws IOException {
            this.service = service;
            this.dir = Files.createTempDirectory("jumpgate-agent-"); // rwx------
            this.socketPath = dir.resolve("agent.sock");
            try {
                this.server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
                server.bind(UnixDomainSocketAddress.of(socketPath));
            } catch (IOException | RuntimeException e) {
                Files.deleteIfExists(dir);
                throw e;
            }
            Thread t = new Thread(this::accept, "demo-agent-listener-" + dir.getFileName());
            t.setDaemon(true);
            t.start();
        }

        private void accept() {
            while (server.isOpen()) {
                SocketChannel client;
                try {
                    client = server.accept();
                } catch (IOException e) {
                    return; // closed
                }
                try {
                    AgentChannel channel = new AgentChannel(client);
                    service.registerChannel(channel);
                    channel.open().addListener(f -> {
                        if (!f.isOpened()) {
                            channel.close(true);
                        }
                    });
                } catch (IOException | RuntimeException e) {
                    LOG.debug("agent channel not opened: {}", e.toString());
                    closeQuietly(client);
                }
            }
        }

        @Override
        public String getId() {
            return socketPath.toString();
        }

        @Override
        public boolean isOpen() {
            return server.isOpen();
        }

        @Override
        public void close() throws IOException {
            server.close();
            Files.deleteIfExists(socketPath);
            Files.deleteIfExists(dir);
        }

        private static void closeQuietly(SocketChannel c) {
            try {
                c.close();
            } catch (IOException e) {
                // closing anyway
            }
        }
    }
}
