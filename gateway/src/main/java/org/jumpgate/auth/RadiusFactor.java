package org.jumpgate.auth;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutorService;
import org.apache.sshd.server.session.ServerSession;
import org.jumpgate.audit.AuditEvent.AuthFailure;
import org.jumpgate.audit.AuditEvent.AuthMethod;
import org.jumpgate.audit.AuditEvent.AuthSuccess;
import org.jumpgate.audit.AuditLog;
import org.jumpgate.connection.UserConnection;
import org.jumpgate.radius.RadiusClient;
import org.jumpgate.radius.RadiusClient.Answer;
import org.jspecify.annotations.Nullable;

/**
 * The site's MFA over RADIUS as the second factor: what the user types goes in an
 * Access-Request (on {@code executor}: RADIUS waits on the network, MINA's threads never do); an
 * Access-Challenge is another round whose prompt is its Reply-Message (push or
 * challenge-response MFA), an Access-Reject ends the attempt showing its Reply-Message, and an
 * MFA that cannot be reached refuses, never lets in.
 */
final class RadiusFactor implements SecondFactor {

    static final String PROMPT = "Verification code: ";
    static final String UNREACHABLE = "The MFA service is unreachable; try again in a minute.";
    static final String REJECTED = "The MFA service refused that answer.";
    /** Challenge rounds followed in one attempt; a server asking for more is refused. */
    static final int MAX_CHALLENGES = 5;

    private final RadiusClient radius;
    private final ExecutorService executor;
    private final RememberedFactors remembered;
    private final AuditLog audit;

    RadiusFactor(RadiusClient radius, ExecutorService executor, RememberedFactors remembered, AuditLog audit) {
        this.radius = radius;
        this.executor = executor;
        this.remembered = remembered;
        this.audit = audit;
    }

    @Override
    public Attempt begin(ServerSession session, String user) {
        return new Attempt() {
            private byte @Nullable [] state;
            private int challenges;

            @Override
            public Step first() {
                return new Step.Ask("", PROMPT, false, false);
            }

            @Override
            public CompletionStage<Step> answer(List<String> answers) {
                String typed = answers.size() == 1 ? answers.get(0) : "";
                byte[] echoed = state;
                return CompletableFuture.supplyAsync(() -> radius.authenticate(user, typed, echoed), executor)
                        .thenApply(this::step)
                        .exceptionally(e -> {
                            fail("RADIUS request failed: " + e.getClass().getSimpleName());
                            return new Step.Refuse(UNREACHABLE);
                        });
            }

            private Step step(Answer answer) {
                if (answer instanceof Answer.Accept) {
                    remembered.remember(session, user);
                    UserConnection connection = UserConnection.of(session);
                    audit.record(new AuthSuccess(user, connection.source(), connection.id(),
                            AuthMethod.KEYBOARD_INTERACTIVE, null));
                    return new Step.Accept();
                }
                if (answer instanceof Answer.Challenge c && ++challenges <= MAX_CHALLENGES) {
                    state = c.state();
                    String prompt = c.replyMessage().isBlank() ? PROMPT : c.replyMessage().strip() + " ";
                    return new Step.Ask("", prompt, false, false);
                }
                if (answer instanceof Answer.Reject r) {
                    fail("rejected by the MFA service");
                    remembered.forget(user);
                    return new Step.Refuse(r.replyMessage().isBlank() ? REJECTED : r.replyMessage().strip());
                }
                if (answer instanceof Answer.Unreachable u) {
                    fail("MFA service unreachable: " + u.detail());
                    return new Step.Refuse(UNREACHABLE);
                }
                fail("more than " + MAX_CHALLENGES + " RADIUS challenges");
                return new Step.Refuse(REJECTED);
            }

            private void fail(String reason) {
                audit.record(new AuthFailure(user, UserConnection.of(session).source(), UserConnection.of(session).id(),
                        AuthMethod.KEYBOARD_INTERACTIVE, null, reason));
            }
        };
    }
}
