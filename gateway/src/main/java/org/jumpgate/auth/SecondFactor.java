package org.jumpgate.auth;

import java.util.List;
import java.util.concurrent.CompletionStage;
import org.apache.sshd.server.session.ServerSession;

/**
 * What answers the keyboard-interactive step after the key: one-time codes, or the site's MFA.
 * Each keyboard-interactive attempt is a conversation of rounds: a prompt, the answer, then
 * another prompt (saying why the answer was refused, or a challenge) until it is accepted or
 * refused. Nothing here is ever logged with what the user typed.
 */
interface SecondFactor {

    /** Starts one keyboard-interactive attempt of {@code user}'s connection. */
    Attempt begin(ServerSession session, String user);

    /** One attempt: its first step, then one step per answer. */
    interface Attempt {
        Step first();

        /** What the answers to the last prompt lead to; may complete later (a network round trip). */
        CompletionStage<Step> answer(List<String> answers);
    }

    /** Where an attempt stands. */
    sealed interface Step {
        /**
         * Ask again: {@code instruction} shown above {@code prompt} (none when null: the round only
         * says something). {@code refused} when the answer before it was refused (a failed try).
         */
        record Ask(String instruction, String prompt, boolean echo, boolean refused) implements Step {
        }

        /** Let in. */
        record Accept() implements Step {
        }

        /** This attempt failed; {@code why} (if not empty) is shown to the user as a banner. */
        record Refuse(String why) implements Step {
        }
    }
}
