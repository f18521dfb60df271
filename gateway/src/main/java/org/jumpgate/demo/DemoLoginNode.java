package org.jumpgate.demo;

import java.io.IOException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.PublicKey;
import java.util.List;
import org.apache.sshd.common.config.keys.KeyUtils;
import org.apache.sshd.common.config.keys.OpenSshCertificate;
import org.apache.sshd.common.file.virtualfs.VirtualFileSystemFactory;
import org.apache.sshd.common.keyprovider.KeyPairProvider;
import org.apache.sshd.server.SshServer;
import org.apache.sshd.server.auth.pubkey.UserAuthPublicKeyFactory;
import org.apache.sshd.server.forward.DirectTcpipFactory;
import org.apache.sshd.sftp.server.SftpSubsystemFactory;
import org.jumpgate.transport.Transport;

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
        return start(name, (user, key) -> key instanceof OpenSshCertificate cert
                && KeyUtils.compareKeys(cert.getCaPubKey(), ca) && cert.getPrincipals().contains(user), home);
    }

    /** A compute node: trusts the user's own key, as a shared home's authorized_keys would. */
    static DemoLoginNode startCompute(String name, String user, PublicKey userKey, Path home)
            throws IOException, GeneralSecurityException {
        return start(name, (u, key) -> u.equals(user) && KeyUtils.compareKeys(key, userKey), home);
    }

    private static DemoLoginNode start(String name, java.util.function.BiPredicate<String, PublicKey> trust, Path home)
            throws IOException, GeneralSecurityException {
        LoginEnvironment login = LoginEnvironment.of(name, home);
        login.prepareHome();
        SshServer server = SshServer.setUpDefaultServer();
        Transport.apply(server);
        server.setHost("127.0.0.1");
        server.setPort(0);
        KeyPair hostKey = KeyUtils.generateKeyPair(KeyPairProvider.SSH_ED25519, 256);
        server.setKeyPairProvider(KeyPairProvider.wrap(hostKey));
        server.setUserAuthFactories(List.of(UserAuthPublicKeyFactory.INSTANCE));
        server.setPasswordAuthenticator(null);
        server.setKeyboardInteractiveAuthenticator(null);
        server.setPublickeyAuthenticator((user, key, session) -> trust.test(user, key));
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
