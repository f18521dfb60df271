package org.jumpgate.loadgen.node;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.PublicKey;
import java.util.Objects;
import org.apache.sshd.common.config.keys.KeyUtils;
import org.apache.sshd.common.config.keys.PublicKeyEntry;
import org.apache.sshd.common.keyprovider.KeyPairProvider;
import org.apache.sshd.server.SshServer;
import org.jumpgate.common.HostPort;
import org.jumpgate.keys.KeyFiles;
import org.jumpgate.node.NodeServer;

/**
 * A lightweight login node for capacity runs, in one JVM: thousands of sshd processes do not fit
 * a machine. A {@link NodeServer} (it trusts the gateway's user CA as a login node's sshd does)
 * that runs {@link EchoShell} for shells and commands: no processes.
 * Optionally also a plain TCP echo service, the far end for {@code jump}.
 */
public final class EchoNode implements AutoCloseable {

    /**
     * @param listen   SSH address (port 0: any free port)
     * @param ca       the gateway's user CA public key
     * @param hostKey  a host key file (OpenSSH format; made if missing), or {@code null} for a fresh key
     * @param tcpEcho  address of the TCP echo service, or {@code null} for none
     */
    public record Options(HostPort listen, PublicKey ca, Path hostKey, HostPort tcpEcho) {
        public Options {
            Objects.requireNonNull(listen, "listen");
            Objects.requireNonNull(ca, "ca");
        }
    }

    private final SshServer server;
    private final TcpEcho tcpEcho;

    private EchoNode(SshServer server, TcpEcho tcpEcho) {
        this.server = server;
        this.tcpEcho = tcpEcho;
    }

    public static EchoNode start(Options o) throws IOException, GeneralSecurityException {
        SshServer server = NodeServer.create(o.listen(), hostKey(o.hostKey()), NodeServer.trustingCa(o.ca()));
        server.setShellFactory(channel -> EchoShell.shell());
        server.setCommandFactory((channel, command) -> EchoShell.command(command));
        TcpEcho echo = null;
        try {
            if (o.tcpEcho() != null) {
                echo = TcpEcho.start(o.tcpEcho().toSocketAddress());
            }
            server.start();
        } catch (IOException | RuntimeException e) {
            if (echo != null) {
                echo.close();
            }
            server.stop(true);
            throw e;
        }
        return new EchoNode(server, echo);
    }

    /** Reads the CA public key from a {@code .pub} line (what {@code jumpgate ca} prints). */
    public static PublicKey readCa(Path file) throws IOException, GeneralSecurityException {
        String line = Files.readAllLines(file).stream().map(String::trim)
                .filter(l -> !l.isEmpty() && !l.startsWith("#")).findFirst()
                .orElseThrow(() -> new IOException(file + " has no public key line"));
        return PublicKeyEntry.parsePublicKeyEntry(line).resolvePublicKey(null, null, null);
    }

    private static KeyPair hostKey(Path file) throws IOException, GeneralSecurityException {
        return file == null ? KeyUtils.generateKeyPair(KeyPairProvider.SSH_ED25519, 256)
                : KeyFiles.loadOrCreate(file, "jumpgate-echo-node");
    }

    public int port() {
        return server.getPort();
    }

    /** The TCP echo port, or -1 without one. */
    public int tcpEchoPort() throws IOException {
        return tcpEcho == null ? -1 : tcpEcho.port();
    }

    /** The host key, as a known_hosts key ({@code type base64}). */
    public String hostKeyLine() throws IOException, GeneralSecurityException {
        return PublicKeyEntry.toString(server.getKeyPairProvider().loadKeys(null).iterator().next().getPublic());
    }

    @Override
    public void close() throws IOException {
        try {
            if (tcpEcho != null) {
                tcpEcho.close();
            }
        } finally {
            server.stop(true);
        }
    }
}
