package org.jumpgate.loadgen.run;

import java.net.SocketAddress;
import java.nio.file.Path;
import java.security.PublicKey;
import org.apache.sshd.client.keyverifier.KnownHostsServerKeyVerifier;
import org.apache.sshd.client.keyverifier.RejectAllServerKeyVerifier;
import org.apache.sshd.client.keyverifier.ServerKeyVerifier;
import org.apache.sshd.client.session.ClientSession;
import org.apache.sshd.common.AttributeRepository.AttributeKey;
import org.apache.sshd.common.config.keys.KeyUtils;

/**
 * Records the fingerprint of every host key the target shows; with a known_hosts file, accepts
 * only keys listed there for the target (OpenSSH {@code [host]:port} entries) and marks the
 * session so the failure is counted as {@code host-key}, not as a key exchange error.
 */
final class HostKeyCheck implements ServerKeyVerifier {

    static final AttributeKey<Boolean> REJECTED = new AttributeKey<>();

    private final ServerKeyVerifier knownHosts;
    private final Metrics metrics;

    HostKeyCheck(Path knownHostsFile, Metrics metrics) {
        this.knownHosts = knownHostsFile == null ? null
                : new KnownHostsServerKeyVerifier(RejectAllServerKeyVerifier.INSTANCE, knownHostsFile);
        this.metrics = metrics;
    }

    boolean verifying() {
        return knownHosts != null;
    }

    @Override
    public boolean verifyServerKey(ClientSession session, SocketAddress remote, PublicKey key) {
        metrics.hostKey(KeyUtils.getKeyType(key) + " " + KeyUtils.getFingerPrint(key));
        if (knownHosts == null) {
            return true;
        }
        boolean ok = knownHosts.verifyServerKey(session, remote, key);
        if (!ok) {
            session.setAttribute(REJECTED, Boolean.TRUE);
        }
        return ok;
    }
}
