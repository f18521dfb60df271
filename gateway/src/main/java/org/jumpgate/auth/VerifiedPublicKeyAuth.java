package org.jumpgate.auth;

import java.security.PublicKey;
import java.util.Optional;
import org.apache.sshd.common.SshConstants;
import org.apache.sshd.common.config.keys.KeyUtils;
import org.apache.sshd.common.util.buffer.Buffer;
import org.apache.sshd.server.auth.pubkey.UserAuthPublicKey;
import org.apache.sshd.server.session.ServerSession;
import org.jumpgate.audit.AuditEvent.AuthFailure;
import org.jumpgate.audit.AuditEvent.AuthMethod;
import org.jumpgate.audit.AuditEvent.AuthSuccess;
import org.jumpgate.audit.AuditLog;
import org.jumpgate.config.PathTemplate;
import org.jumpgate.connection.KeyPolicy;
import org.jumpgate.connection.UserConnection;

/**
 * MINA's publickey method, plus what happens once a signature is verified: the key's policy is
 * recorded on the session and the account policy is applied; a refused account is told why in
 * an authentication banner, which OpenSSH prints. A TOTP secret others could read or write
 * ({@link StrictModes}) refuses the user here, with the normal refusal. A key that gave a right
 * code from this address lately ({@link RememberedFactors}) is marked to skip the code step.
 */
final class VerifiedPublicKeyAuth extends UserAuthPublicKey {

    private final KeyAuthenticator keys;
    private final Accounts accounts;
    private final AuditLog audit;
    private final SecondFactorFiles secondFactor;
    private final RememberedFactors remembered;

    VerifiedPublicKeyAuth(KeyAuthenticator keys, Accounts accounts, AuditLog audit, SecondFactorFiles secondFactor,
                          RememberedFactors remembered) {
        this.keys = keys;
        this.accounts = accounts;
        this.audit = audit;
        this.secondFactor = secondFactor;
        this.remembered = remembered;
    }

    /**
     * Whether the file of the code step that follows could have been read or written by others
     * ({@link StrictModes}); checked once the key is verified, so the user is refused before
     * being asked for a code that would be checked against it.
     */
    @FunctionalInterface
    interface SecondFactorFiles {
        SecondFactorFiles NONE = user -> Optional.empty();

        /** Why {@code user}'s second-factor file is not to be trusted, for the audit log, if it is not. */
        Optional<String> unsafeSecret(String user);
    }

    @Override
    public Boolean doAuth(Buffer buffer, boolean init) throws Exception {
        ServerSession session = getServerSession();
        UserConnection connection = UserConnection.of(session);
        PublicKey offered = peekKey(buffer);
        boolean signed = peekHasSignature(buffer);
        Boolean result;
        try {
            result = super.doAuth(buffer, init);
        } catch (Exception e) {
            audit.record(new AuthFailure(String.valueOf(getUsername()), connection.source(),
                    connection.id(), AuthMethod.PUBLICKEY, fingerprint(offered),
                    "signature verification failed"));
            throw e;
        }
        if (result == null) {
            return null; // key acceptable, client will now sign
        }
        if (!result) {
            if (signed || offered != null) {
                // the user as given, even one that does not exist (the audit log makes it printable);
                // the reason says when the name itself was refused
                String given = String.valueOf(getUsername());
                audit.record(new AuthFailure(given, connection.source(),
                        connection.id(), AuthMethod.PUBLICKEY, fingerprint(offered),
                        !PathTemplate.isValidUserName(given) ? "not a valid user name"
                                : keys.refusal(given, session).orElse("key not authorized for this user")));
            }
            return false;
        }
        String user = getUsername();
        Optional<KeyPolicy> policy = keys.matched(user, offered, session);
        if (policy.isEmpty()) {
            return false; // not the key the authenticator just found: refuse
        }
        Accounts.Decision decision = accounts.decide(user);
        if (!decision.allowed()) {
            audit.record(new AuthFailure(user, connection.source(), connection.id(),
                    AuthMethod.PUBLICKEY, policy.get().fingerprint(), decision.message()));
            banner(session, decision.message());
            return false;
        }
        Optional<String> unsafeSecret = secondFactor.unsafeSecret(user);
        if (unsafeSecret.isPresent()) {
            audit.record(new AuthFailure(user, connection.source(), connection.id(),
                    AuthMethod.PUBLICKEY, policy.get().fingerprint(), unsafeSecret.get()));
            return false; // the user sees the normal refusal; the log line names the file and its mode
        }
        connection.keyPassed(policy.get());
        audit.record(new AuthSuccess(user, connection.source(), connection.id(),
                AuthMethod.PUBLICKEY, policy.get().fingerprint()));
        if (remembered.covers(session, user)) {
            connection.rememberFactor();
        }
        return true;
    }

    private static void banner(ServerSession session, String message) {
        try {
            Buffer b = session.createBuffer(SshConstants.SSH_MSG_USERAUTH_BANNER);
            b.putString(message + "\r\n");
            b.putString("");
            session.writePacket(b);
        } catch (Exception e) {
            // the refusal stands; the banner was a courtesy
        }
    }

    private static PublicKey peekKey(Buffer buffer) {
        int pos = buffer.rpos();
        try {
            buffer.getBoolean();
            buffer.getString();
            return buffer.getPublicKey();
        } catch (RuntimeException | org.apache.sshd.common.SshException e) {
            return null;
        } finally {
            buffer.rpos(pos);
        }
    }

    private static boolean peekHasSignature(Buffer buffer) {
        int pos = buffer.rpos();
        try {
            return buffer.getBoolean();
        } catch (RuntimeException e) {
            return false;
        } finally {
            buffer.rpos(pos);
        }
    }

    private static String fingerprint(PublicKey key) {
        return key == null ? null : KeyUtils.getFingerPrint(key);
    }
}
