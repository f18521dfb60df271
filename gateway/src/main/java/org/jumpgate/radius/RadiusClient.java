package org.jumpgate.radius;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Objects;
import org.jspecify.annotations.Nullable;
import org.jumpgate.config.RadiusConfig;

/**
 * Asks the site's MFA over RADIUS whether a user's answer is right. Thread-safe: one client
 * serves every connection, each call on the caller's thread.
 */
public interface RadiusClient extends AutoCloseable {

    /** RFC 2865: User-Password holds at most 128 bytes; a longer answer is refused without asking. */
    int MAX_PASSWORD_BYTES = 128;

    /** RFC 2865: a text or string attribute (User-Name, State) holds at most 253 bytes. */
    int MAX_ATTRIBUTE_BYTES = 253;

    /** What a user is told of an answer longer than {@link #MAX_PASSWORD_BYTES}, which is never sent. */
    String ANSWER_TOO_LONG = "That answer is too long (at most " + MAX_PASSWORD_BYTES + " bytes).";

    /**
     * From config: reads the shared secret from {@code secretFile}, refusing to start if group or
     * others can read it (the error names the file and its mode, like {@code admin.tokenFile}),
     * if it is empty or not one line. Server names are resolved at each request, so a server
     * unknown now is unreachable then, not a start error.
     *
     * @throws org.jumpgate.common.ConfigException for every refusal above, naming
     *                                             {@code auth.radius.secretFile} and the file
     * @throws IOException                         when reading the file fails in another way
     */
    static RadiusClient create(RadiusConfig config) throws IOException {
        return new PapRadiusClient(config, SharedSecret.read(config.secretFile()));
    }

    /**
     * Reads {@code secretFile} by the rules of {@link #create}, keeps nothing and opens nothing:
     * for {@code jumpgate check}, which lists what would stop the start.
     *
     * @throws org.jumpgate.common.ConfigException as {@link #create} does, naming the key and the file
     * @throws IOException                         when reading the file fails in another way
     */
    static void checkSecretFile(Path secretFile) throws IOException {
        SharedSecret.read(secretFile);
    }

    /**
     * One Access-Request for {@code user} with {@code password} (PAP; Message-Authenticator
     * always set, RFC 3579 / RFC 2869; NAS-Identifier; State echoed when answering a challenge),
     * to the servers in order, each asked 1 + {@code retries} times with {@code timeout} each; a
     * challenge's answer goes first to the server that sent the challenge. Never throws for
     * network trouble: all unreachable is {@link Answer.Unreachable}. Blocks the caller's thread
     * (at most timeout × (1 + retries) per server): the caller runs it on an executor, never on
     * an I/O thread. Verifies the Response Authenticator and any Message-Authenticator of the
     * reply; a reply that fails verification, or is not an answer to an Access-Request, counts
     * as no reply from that server (logged, without the secret).
     *
     * <p>Refused here without asking any server: a {@code password} longer than
     * {@link #MAX_PASSWORD_BYTES} ({@link Answer.Reject} with {@link #ANSWER_TOO_LONG}) and a
     * {@code user} longer than {@link #MAX_ATTRIBUTE_BYTES} (a Reject without text).
     *
     * @param state the {@link Answer.Challenge#state()} being answered, or {@code null} (an
     *              empty state is sent as none)
     * @throws IllegalArgumentException if {@code state} is longer than {@link #MAX_ATTRIBUTE_BYTES}
     * @throws IllegalStateException    after {@link #close()}
     */
    Answer authenticate(String user, String password, byte @Nullable [] state);

    /**
     * What RADIUS said. {@code replyMessage}: the Reply-Message attributes joined with
     * {@code "\n"} (may be empty), cut to printable ASCII, at most {@link ReplyMessages#MAX_LINES}
     * lines of {@link ReplyMessages#MAX_LINE_CHARS} characters: safe to show the user.
     */
    sealed interface Answer {

        /** Access-Accept: the user is in. */
        record Accept(String replyMessage) implements Answer {
            public Accept {
                Objects.requireNonNull(replyMessage, "replyMessage");
            }
        }

        /** Access-Reject: refused; the message (e.g. "Your token is locked") is worth showing. */
        record Reject(String replyMessage) implements Answer {
            public Reject {
                Objects.requireNonNull(replyMessage, "replyMessage");
            }
        }

        /**
         * Access-Challenge: ask the user again with {@code replyMessage} as the prompt, and send
         * the answer with this {@code state} (empty when the server sent none).
         */
        record Challenge(String replyMessage, byte[] state) implements Answer {
            public Challenge {
                Objects.requireNonNull(replyMessage, "replyMessage");
                state = state.clone();
            }

            @Override
            public byte[] state() {
                return state.clone();
            }

            @Override
            public boolean equals(Object o) {
                return o instanceof Challenge c && c.replyMessage.equals(replyMessage) && Arrays.equals(c.state, state);
            }

            @Override
            public int hashCode() {
                return 31 * replyMessage.hashCode() + Arrays.hashCode(state);
            }

            @Override
            public String toString() {
                return "Challenge[replyMessage=" + replyMessage + ", state=" + state.length + " bytes]";
            }
        }

        /**
         * No server gave a valid answer: the user is refused ("the MFA service is unreachable").
         * {@code detail} says per server what happened, for the operator's log; no secret in it.
         */
        record Unreachable(String detail) implements Answer {
            public Unreachable {
                Objects.requireNonNull(detail, "detail");
            }
        }
    }

    /** Ends the client: later calls throw; calls under way finish within their timeouts. */
    @Override
    void close();
}
