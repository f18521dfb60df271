package org.jumpgate.auth;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.apache.sshd.server.auth.keyboard.InteractiveChallenge;
import org.apache.sshd.server.auth.keyboard.KeyboardInteractiveAuthenticator;
import org.apache.sshd.server.session.ServerSession;
import org.jumpgate.audit.AuditEvent.AuthFailure;
import org.jumpgate.audit.AuditEvent.AuthMethod;
import org.jumpgate.audit.AuditEvent.AuthSuccess;
import org.jumpgate.audit.AuditLog;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The second factor: one prompt, {@code Verification code: }, answered with the current TOTP code.
 * While a user's codes are locked ({@link CodeLockout}) the round has no prompt, only a line
 * saying so, and any answer is refused.
 */
final class TotpAuthenticator implements KeyboardInteractiveAuthenticator {

    private static final Logger LOG = LoggerFactory.getLogger(TotpAuthenticator.class);

    public static final String PROMPT = "Verification code: ";

    private final TotpVerifier verifier;
    private final CodeLockout lockout;
    private final AuditLog audit;

    TotpAuthenticator(TotpVerifier verifier, Clock lockoutClock, AuditLog audit) {
        this.verifier = verifier;
        this.lockout = new CodeLockout(lockoutClock);
        this.audit = audit;
    }

    @Override
    public InteractiveChallenge generateChallenge(ServerSession session, String username, String lang,
                                                  String subMethods) {
        InteractiveChallenge c = new InteractiveChallenge();
        c.setInteractionName("");
        c.setLanguageTag("");
        Duration locked = lockout.lockedFor(username);
        if (locked != null) {
            c.setInteractionInstruction(lockedLine(locked));
            return c;
        }
        c.setInteractionInstruction("");
        c.addPrompt(PROMPT, false);
        return c;
    }

    /** What a user whose codes are locked reads. */
    static String lockedLine(Duration left) {
        long minutes = Math.max(1, (left.toSeconds() + 59) / 60);
        return "Too many wrong verification codes for this account: codes are refused for the next " + minutes
                + (minutes == 1 ? " minute" : " minutes") + ". Wait, then log in again.";
    }

    @Override
    public boolean authenticate(ServerSession session, String username, List<String> responses) {
        Duration locked = lockout.lockedFor(username);
        if (locked != null) {
            fail(session, username, "codes locked after " + CodeLockout.MAX_WRONG_CODES + " wrong ones ("
                    + locked.toSeconds() + " s left)");
            return false;
        }
        TotpVerifier.Outcome outcome = responses == null || responses.size() != 1
                ? TotpVerifier.Outcome.WRONG_CODE
                : verifier.verify(username, responses.get(0));
        if (outcome == TotpVerifier.Outcome.ACCEPTED) {
            lockout.rightCode(username);
            audit.record(new AuthSuccess(username, SessionAuth.source(session), SessionAuth.sessionId(session),
                    AuthMethod.KEYBOARD_INTERACTIVE, null));
            return true;
        }
        String reason = switch (outcome) {
            case REPLAYED -> "one-time code already used";
            case NO_SECRET -> "no one-time code secret for this user";
            default -> "wrong one-time code";
        };
        if (outcome == TotpVerifier.Outcome.WRONG_CODE && lockout.wrongCode(username)) {
            LOG.warn("refusing codes for user {} for {} min: {} wrong ones within {} min", username,
                    CodeLockout.LOCK.toMinutes(), CodeLockout.MAX_WRONG_CODES, CodeLockout.WINDOW.toMinutes());
        }
        fail(session, username, reason);
        return false;
    }

    private void fail(ServerSession session, String username, String reason) {
        audit.record(new AuthFailure(username, SessionAuth.source(session), SessionAuth.sessionId(session),
                AuthMethod.KEYBOARD_INTERACTIVE, null, reason));
    }
}
