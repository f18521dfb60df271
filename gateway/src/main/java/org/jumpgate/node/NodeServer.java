package org.jumpgate.node;

import java.security.KeyPair;
import java.security.PublicKey;
import java.util.List;
import org.apache.sshd.common.config.keys.KeyUtils;
import org.apache.sshd.common.config.keys.OpenSshCertificate;
import org.apache.sshd.common.keyprovider.KeyPairProvider;
import org.apache.sshd.server.SshServer;
import org.apache.sshd.server.auth.pubkey.PublickeyAuthenticator;
import org.apache.sshd.server.auth.pubkey.UserAuthPublicKeyFactory;
import org.apache.sshd.server.forward.RejectAllForwardingFilter;
import org.jumpgate.common.HostPort;
import org.jumpgate.transport.Transport;

/**
 * The part every in-JVM login node shares: a MINA SSH server with the gateway's transport
 * settings, its own host key, public-key authentication only (no password, no
 * keyboard-interactive), trusting what a real login node's sshd trusts: certificates from the
 * gateway's user CA whose principals include the user ({@code TrustedUserCAKeys}; MINA checks
 * type, validity, signature and {@code source-address}), or one user's own key (a compute node's
 * {@code authorized_keys}). Forwarding is refused until the caller allows it; the caller adds
 * shells, commands and subsystems, then starts it.
 */
public final class NodeServer {

    private NodeServer() {
    }

    /** Trusts user certificates signed by {@code ca} that name the user among their principals. */
    public static PublickeyAuthenticator trustingCa(PublicKey ca) {
        return (user, key, session) -> key instanceof OpenSshCertificate cert
                && KeyUtils.compareKeys(cert.getCaPubKey(), ca) && cert.getPrincipals().contains(user);
    }

    /** Trusts one user's own public key, as that user's {@code authorized_keys} would. */
    public static PublickeyAuthenticator trustingKey(String user, PublicKey userKey) {
        return (u, key, session) -> u.equals(user) && KeyUtils.compareKeys(key, userKey);
    }

    /** A server on {@code listen} (port 0: any free port), not started. */
    public static SshServer create(HostPort listen, KeyPair hostKey, PublickeyAuthenticator trust) {
        SshServer server = SshServer.setUpDefaultServer();
        Transport.apply(server);
        server.setHost(listen.host());
        server.setPort(listen.port());
        server.setKeyPairProvider(KeyPairProvider.wrap(hostKey));
        server.setUserAuthFactories(List.of(UserAuthPublicKeyFactory.INSTANCE));
        server.setPasswordAuthenticator(null);
        server.setKeyboardInteractiveAuthenticator(null);
        server.setPublickeyAuthenticator(trust);
        server.setForwardingFilter(RejectAllForwardingFilter.INSTANCE);
        return server;
    }
}
