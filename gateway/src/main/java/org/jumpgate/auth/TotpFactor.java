package org.jumpgate.auth;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.sshd.common.AttributeRepository.AttributeKey;
import org.apache.sshd.server.session.ServerSession;
import org.jumpgate.audit.AuditEvent.AuthFailure;
import org.jumpgate.audit.AuditEvent.AuthMethod;
import org.jumpgate.audit.AuditEvent.AuthSuccess;
import org.jumpgate.audit.AuditLog;
import org.jumpgate.connection.UserConnection;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One-time codes as the second factor: {@code Verification code: }, answered with the current
 * TOTP code, up to {@link #CODES_PER_CONNECTION} times on a connection, each refusal saying why at
 * the next prompt ("Wrong code", "already used; the next one comes in 12 s"). While a user's
 * codes are locked ({@link CodeLockout}) the round asks nothing and only says so. A right code
 * is remembered for the user's key and address ({@link RememberedFactors}); a wrong one ends
 * what was remembered for the user. An empty answer is a failed try but not a wrong code (it
 * guesses nothing): it neither locks nor forgets.
 */
final class TotpFactor implements SecondFactor {

    private static final Logger LOG = LoggerFactory.getLogger(TotpFactor.class);

    public static final String PROMPT = "Verification code: ";
    /**
     * Codes asked on one connection (as OpenSSH's own three prompts): in one keyboard-interactive
     * attempt, each refusal saying why at the next prompt; later attempts fail at once, so a
     * client that asks again ends with "Permission denied" rather than more prompts.
     */
    static final int CODES_PER_CONNECTION = 3;

    private static final AttributeKey<AtomicInteger> CODES_TRIED = new AttributeKey<>();

    static final String WRONG = "Wrong code (check that your phone's clock is right).";
    static final String EMPTY = "No code was given: type the 6 digits your authenticator app shows now.";
    static final String NO_SECRET = "No verification code is set up for this account; ask your cluster's support.";

    private final TotpVerifier verifier;
    private final CodeLockout lockout;
    private final RememberedFactors remembered;
    private final AuditLog audit;
    private final Executor executor;

    /** Answers are checked on {@code executor}: the secret file, and a fleet's used codes, are I/O. */
    TotpFactor(TotpVerifier verifier, CodeLockout lockout, RememberedFactors remembered, AuditLog audit,
               Executor executor) {
        this.verifier = verifier;
        this.lockout = lockout;
        this.remembered = remembered;
        this.audit = audit;
        this.executor = executor;
    }

    /** What a user whose codes are locked reads. */
    static String lockedLine(Duration left) {
        long minutes = Math.max(1, (left.toSeconds() + 59) / 60);
        return "Too many wrong verification codes for this account: codes are refused for the next " + minutes
                + (minutes == 1 ? " minute" : " minutes") + ". Wait, then log in again.";
    }

    /** What a user who gave a code already used reads. */
    static String replayedLine(Duration wait) {
        long s = Math.max(1, wait.toSeconds() + (wait.toNanosPart() > 0 ? 1 : 0));
        return "That code was already used; the next one comes in " + s + " s.";
    }

    @Override
    public Attempt begin(ServerSession session, String user) {
        AtomicInteger tried = session.computeAttributeIfAbsent(CODES_TRIED, k -> new AtomicInteger());
        return new Attempt() {
            @Override
            public Step first() {
                Duration locked = lockout.lockedFor(user);
                if (locked != null) {
                    return new Step.Ask(lockedLine(locked), null, false, false);
                }
                return tried.get() >= CODES_PER_CONNECTION ? new Step.Refuse("") : new Step.Ask("", PROMPT, false, false);
            }

            @Override
            public CompletionStage<Step> answer(List<String> answers) {
                int codes = tried.incrementAndGet();
                return CompletableFuture.supplyAsync(() -> check(session, user, answers, codes), executor);
            }
        };
    }

    private Step check(ServerSession session, String user, List<String> answers, int codes) {
        Duration locked = lockout.lockedFor(user);
        if (locked != null) {
            fail(session, user, "codes locked after " + CodeLockout.MAX_WRONG_CODES + " wrong ones ("
                    + locked.toSeconds() + " s left)");
            return new Step.Refuse(answers.isEmpty() ? "" : lockedLine(locked));
        }
        if (answers.size() != 1 || answers.get(0).isBlank()) {
            // nothing typed (Enter, or an askpass with nothing to say): a failed try, not a guess
            fail(session, user, "no one-time code given");
            return codes < CODES_PER_CONNECTION ? new Step.Ask(EMPTY, PROMPT, false, true) : new Step.Refuse(EMPTY);
        }
        TotpVerifier.Outcome outcome = verifier.verify(user, answers.get(0));
        if (outcome == TotpVerifier.Outcome.ACCEPTED) {
            lockout.rightCode(user);
            remembered.remember(session, user);
            audit.record(new AuthSuccess(user, UserConnection.of(session).source(), UserConnection.of(session).id(),
                    AuthMethod.KEYBOARD_INTERACTIVE, null));
            return new Step.Accept();
        }
        String why;
        switch (outcome) {
            case REPLAYED -> {
                fail(session, user, "one-time code already used");
                why = replayedLine(verifier.nextCodeIn(user));
            }
            case NO_SECRET -> {
                fail(session, user, "no one-time code secret for this user");
                return new Step.Refuse(NO_SECRET);
            }
            default -> {
                fail(session, user, "wrong one-time code");
                remembered.forget(user);
                if (lockout.wrongCode(user)) {
                    LOG.warn("refusing codes for user {} for {} min: {} wrong ones within {} min", user,
                            CodeLockout.LOCK.toMinutes(), CodeLockout.MAX_WRONG_CODES, CodeLockout.WINDOW.toMinutes());
                    return new Step.Refuse(lockedLine(CodeLockout.LOCK));
                }
                why = WRONG;
            }
        }
        return codes < CODES_PER_CONNECTION ? new Step.Ask(why, PROMPT, false, true) : new Step.Refuse(why);
    }

    private void fail(ServerSession session, String user, String reason) {
        audit.record(new AuthFailure(user, UserConnection.of(session).source(), UserConnection.of(session).id(),
                AuthMethod.KEYBOARD_INTERACTIVE, null, reason));
    }
}
