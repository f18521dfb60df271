package org.jumpgate.demo;

import java.io.IOException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.PublicKey;
import java.util.List;
import org.apache.sshd.common.config.keys.KeyUtils;
import org.apache.sshd.common.file.virtualfs.VirtualFileSystemFactory;
import org.apache.sshd.common.keyprovider.KeyPairProvider;
import org.apache.sshd.server.SshServer;
import org.apache.sshd.server.auth.pubkey.PublickeyAuthenticator;
import org.apache.sshd.server.forward.DirectTcpipFactory;
import org.apache.sshd.sftp.server.SftpSubsystemFactory;
import org.jumpgate.common.HostPort;
import org.jumpgate.node.NodeServer;

/**
 * A login node in the demo's own process: trusts only certificates from the gateway's CA whose
 * principal is the user, and behaves like a login node's sshd: the user's shell and commands in
 * the demo home (on a pty when asked, see {@link NodeCommand}), sftp from the demo home, and
 * {@code -L}/{@code -D}/{@code -R}/{@code -A} forwarding on loopback ({@link LoopbackForwarding},
 * {@link AgentRelay}). Programs run as the OS user who started the demo.
 */
final class DemoLoginNode implements AutoCloseable {

    private final String name;
    private final SshServer server;
    private final PublicKey hostPublicKey;

    private DemoLoginNode(String name, SshServer server, PublicKey hostPublicKey) {
        this.name = name;
        this.server = server;
        this.hostPublicKey = hostPublicKey;
    }

    /** A login node: trusts user certificates from the gateway CA {@code ca}. */
    static DemoLoginNode start(String name, PublicKey ca, Path home) throws IOException, GeneralSecurityException {
        return start(name, NodeServer.trustingCa(ca), home);
    }

    /** A compute node: trusts the user's own key, as a shared home's authorized_keys would. */
    static DemoLoginNode startCompute(String name, String user, PublicKey userKey, Path home)
            throws IOException, GeneralSecurityException {
        return start(name, NodeServer.trustingKey(user, userKey), home);
    }

    private static DemoLoginNode start(String name, PublickeyAuthenticator trust, Path home)
            throws IOException, GeneralSecurityException {
        LoginEnvironment login = LoginEnvironment.of(name, home);
        login.prepareHome();
        KeyPair hostKey = KeyUtils.generateKeyPair(KeyPairProvider.SSH_ED25519, 256);
        SshServer server = NodeServer.create(new HostPort("127.0.0.1", 0), hostKey, trust);
        server.setChannelFactories(List.of(NodeChannelSession.FACTORY, DirectTcpipFactory.INSTANCE));
        server.setForwardingFilter(new LoopbackForwarding());
        server.setAgentFactory(new AgentRelay());
        server.setShellFactory(channel -> new NodeCommand(login, null));
        server.setCommandFactory((channel, command) -> new NodeCommand(login, command));
        server.setFileSystemFactory(new VirtualFileSystemFactory(login.home()));
        server.setSubsystemFactories(List.of(new SftpSubsystemFactory()));
        server.start();
        return new DemoLoginNode(name, server, hostKey.getPublic());
    }

    PublicKey hostKey() {
        return hostPublicKey;
    }

    String name() {
        return name;
    }

    int port() {
        return server.getPort();
    }

    @Override
    public void close() throws IOException {
        server.stop(true);
    }
}
