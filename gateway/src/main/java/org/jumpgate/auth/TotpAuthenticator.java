package org.jumpgate.auth;

import java.util.List;
import org.apache.sshd.server.auth.keyboard.InteractiveChallenge;
import org.apache.sshd.server.auth.keyboard.KeyboardInteractiveAuthenticator;
import org.apache.sshd.server.session.ServerSession;
import org.jumpgate.audit.AuditEvent.AuthFailure;
import org.jumpgate.audit.AuditEvent.AuthMethod;
import org.jumpgate.audit.AuditEvent.AuthSuccess;
import org.jumpgate.audit.AuditLog;

/** The second factor: one prompt, {@code Verification code: }, answered with the current TOTP code. */
final class TotpAuthenticator implements KeyboardInteractiveAuthenticator {

    public static final String PROMPT = "Verification code: ";

    private final TotpVerifier verifier;
    private final AuditLog audit;

    TotpAuthenticator(TotpVerifier verifier, AuditLog audit) {
        this.verifier = verifier;
        this.audit = audit;
    }

    @Override
    public InteractiveChallenge generateChallenge(ServerSession session, String username, String lang,
                                                  String subMethods) {
        InteractiveChallenge c = new InteractiveChallenge();
        c.setInteractionName("");
        c.setInteractionInstruction("");
        c.setLanguageTag("");
        c.addPrompt(PROMPT, false);
        return c;
    }

    @Override
    public boolean authenticate(ServerSession session, String username, List<String> responses) {
        TotpVerifier.Outcome outcome = responses == null || responses.size() != 1
                ? TotpVerifier.Outcome.WRONG_CODE
                : verifier.verify(username, responses.get(0));
        if (outcome == TotpVerifier.Outcome.ACCEPTED) {
            audit.record(new AuthSuccess(username, SessionAuth.source(session), SessionAuth.sessionId(session),
                    AuthMethod.KEYBOARD_INTERACTIVE, null));
            return true;
        }
        String reason = switch (outcome) {
            case REPLAYED -> "one-time code already used";
            case NO_SECRET -> "no one-time code secret for this user";
            default -> "wrong one-time code";
        };
        audit.record(new AuthFailure(username, SessionAuth.source(session), SessionAuth.sessionId(session),
                AuthMethod.KEYBOARD_INTERACTIVE, null, reason));
        return false;
    }
}
