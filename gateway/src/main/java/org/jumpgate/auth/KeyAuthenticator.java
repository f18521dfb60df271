package org.jumpgate.auth;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.security.PublicKey;
import java.util.Optional;
import org.apache.sshd.common.AttributeRepository.AttributeKey;
import org.apache.sshd.common.config.keys.KeyUtils;
import org.apache.sshd.common.config.keys.OpenSshCertificate;
import org.apache.sshd.server.auth.pubkey.PublickeyAuthenticator;
import org.apache.sshd.server.session.ServerSession;
import org.jumpgate.config.PathTemplate;
import org.jumpgate.common.PrintableText;
import org.jumpgate.connection.KeyPolicy;
import org.jumpgate.connection.UserConnection;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Answers MINA's "is this key authorized for this user" from the user's authorized_keys file.
 * MINA asks before the signature is checked; the key that really passed is recorded by
 * {@link VerifiedPublicKeyAuth} afterwards.
 */
final class KeyAuthenticator implements PublickeyAuthenticator {

    private static final Logger LOG = LoggerFactory.getLogger(KeyAuthenticator.class);

    private final AuthorizedKeys keys;

    KeyAuthenticator(AuthorizedKeys keys) {
        this.keys = keys;
    }

    /** The key last found authorized on a session, with its policy: the file is not read again after the signature. */
    private static final AttributeKey<Match> LAST_MATCH = new AttributeKey<>();

    private record Match(String user, PublicKey key, KeyPolicy policy) {
    }

    /** Why the last check on a session found the user's whole file refused (StrictModes), for the audit log. */
    private static final AttributeKey<Refusal> LAST_REFUSAL = new AttributeKey<>();

    private record Refusal(String user, String reason) {
    }

    @Override
    public boolean authenticate(String username, PublicKey key, ServerSession session) {
        Optional<KeyPolicy> policy = find(username, key, session);
        policy.ifPresent(p -> session.setAttribute(LAST_MATCH, new Match(username, key, p)));
        return policy.isPresent();
    }

    /** The policy MINA's last check on this session found for {@code user} and {@code key}, if it was for them. */
    Optional<KeyPolicy> matched(String user, PublicKey key, ServerSession session) {
        Match m = session.getAttribute(LAST_MATCH);
        return m != null && m.user().equals(user) && KeyUtils.compareKeys(m.key(), key)
                ? Optional.of(m.policy()) : Optional.empty();
    }

    Optional<KeyPolicy> find(String username, PublicKey key, ServerSession session) {
        UserConnection connection = UserConnection.of(session);
        if (!PathTemplate.isValidUserName(username)) {
            LOG.info("refused user name {} from {}: not a valid user name", quoted(username), connection.source());
            return Optional.empty();
        }
        if (key instanceof OpenSshCertificate) {
            // user certificates are for login nodes; users present plain keys here
            return Optional.empty();
        }
        InetAddress source = connection.client() instanceof InetSocketAddress isa ? isa.getAddress() : null;
        if (source == null) {
            return Optional.empty();
        }
        AuthorizedKeys.Lookup lookup = keys.lookup(username, key, source);
        lookup.refusal().ifPresentOrElse(r -> session.setAttribute(LAST_REFUSAL, new Refusal(username, r)),
                () -> session.removeAttribute(LAST_REFUSAL));
        return lookup.policy();
    }

    /** Why {@code user}'s authorized_keys file was refused whole at the last check on this session, if it was. */
    Optional<String> refusal(String user, ServerSession session) {
        Refusal r = session.getAttribute(LAST_REFUSAL);
        return r != null && r.user().equals(user) ? Optional.of(r.reason()) : Optional.empty();
    }

    /** A user name safe to log: printable, bounded. */
    static String quoted(String s) {
        if (s == null) {
            return "null";
        }
        return "'" + PrintableText.of(s, 64) + "'";
    }
}
