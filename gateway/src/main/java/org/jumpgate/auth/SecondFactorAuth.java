package org.jumpgate.auth;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.apache.sshd.common.SshConstants;
import org.apache.sshd.common.SshException;
import org.apache.sshd.common.util.buffer.Buffer;
import org.apache.sshd.server.auth.AbstractUserAuth;
import org.apache.sshd.server.auth.AsyncAuthException;
import org.apache.sshd.server.session.ServerSession;
import org.jumpgate.connection.UserConnection;

/**
 * The {@code keyboard-interactive} method on a {@link SecondFactor}, as many rounds as it asks for
 * within one attempt (RFC 4256 allows any number): a refused answer is followed by a new prompt
 * whose instruction says why, and an attempt that ends refused says why in an authentication
 * banner, which OpenSSH prints. Every refused answer counts towards {@code maxAuthTries}.
 * A step that completes later (a RADIUS round trip) is waited for without holding MINA's thread.
 */
final class SecondFactorAuth extends AbstractUserAuth {

    /** Answers accepted in one response; a second factor asks one thing at a time. */
    static final int MAX_ANSWERS = 4;
    /** The longest answer read (a code, a token, a word). */
    static final int MAX_ANSWER_CHARS = 256;

    private final SecondFactor factor;
    private final int maxAuthTries;
    private SecondFactor.Attempt attempt;

    SecondFactorAuth(SecondFactor factor, int maxAuthTries) {
        super("keyboard-interactive");
        this.factor = factor;
        this.maxAuthTries = maxAuthTries;
    }

    @Override
    protected Boolean doAuth(Buffer buffer, boolean init) throws Exception {
        ServerSession session = getServerSession();
        if (init) {
            buffer.getString(); // language tag
            buffer.getString(); // submethods
            attempt = factor.begin(session, getUsername());
            return take(session, attempt.first());
        }
        int cmd = buffer.getUByte();
        if (cmd != SshConstants.SSH_MSG_USERAUTH_INFO_RESPONSE || attempt == null) {
            throw new SshException(SshConstants.SSH2_DISCONNECT_PROTOCOL_ERROR,
                    "unexpected " + SshConstants.getCommandMessageName(cmd) + " in keyboard-interactive");
        }
        int n = buffer.getInt();
        if (n < 0 || n > MAX_ANSWERS) {
            throw new SshException(SshConstants.SSH2_DISCONNECT_PROTOCOL_ERROR,
                    "keyboard-interactive response with " + n + " answers, expected at most " + MAX_ANSWERS);
        }
        List<String> answers = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            String a = buffer.getString();
            answers.add(a.length() > MAX_ANSWER_CHARS ? a.substring(0, MAX_ANSWER_CHARS) : a);
        }
        CompletableFuture<SecondFactor.Step> next = attempt.answer(answers).toCompletableFuture();
        if (next.isDone()) {
            return take(session, next.join());
        }
        AsyncAuthException later = new AsyncAuthException();
        next.whenComplete((step, error) -> {
            try {
                Boolean r = error != null ? Boolean.FALSE : take(session, step);
                if (r != null) {
                    later.setAuthed(r);
                } // else: a new prompt went out; its answer comes as a new message to this method
            } catch (Exception e) {
                later.setAuthed(false);
            }
        });
        throw later;
    }

    /** Sends what {@code step} asks for; null while the conversation goes on. */
    private Boolean take(ServerSession session, SecondFactor.Step step) throws Exception {
        if (step instanceof SecondFactor.Step.Accept) {
            return true;
        }
        if (step instanceof SecondFactor.Step.Refuse refuse) {
            if (!refuse.why().isEmpty()) {
                Buffer b = session.createBuffer(SshConstants.SSH_MSG_USERAUTH_BANNER);
                b.putString(refuse.why() + "\r\n");
                b.putString("");
                session.writePacket(b);
            }
            return false;
        }
        SecondFactor.Step.Ask ask = (SecondFactor.Step.Ask) step;
        if (ask.refused() && UserConnection.of(session).authFailed() >= maxAuthTries) {
            session.disconnect(SshConstants.SSH2_DISCONNECT_NO_MORE_AUTH_METHODS_AVAILABLE,
                    "Too many authentication failures");
            return false;
        }
        Buffer b = session.createBuffer(SshConstants.SSH_MSG_USERAUTH_INFO_REQUEST);
        b.putString(""); // name
        b.putString(ask.instruction());
        b.putString(""); // language tag
        b.putInt(ask.prompt() == null ? 0 : 1);
        if (ask.prompt() != null) {
            b.putString(ask.prompt());
            b.putBoolean(ask.echo());
        }
        session.writePacket(b);
        return null;
    }
}
