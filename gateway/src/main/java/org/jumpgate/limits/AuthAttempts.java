package org.jumpgate.limits;

import java.util.concurrent.atomic.AtomicInteger;
import org.apache.sshd.common.AttributeRepository.AttributeKey;
import org.apache.sshd.common.session.Session;

/**
 * Failed authentication attempts on one connection, as the authentication service counts them
 * ({@code MaxAuthTries}); a connection that closes unauthenticated after one is penalised as
 * {@link Penalty#AUTHFAIL}, one without any as {@link Penalty#NOAUTH}.
 */
public final class AuthAttempts {

    private static final AttributeKey<AtomicInteger> FAILED = new AttributeKey<>();

    private AuthAttempts() {
    }

    /** Counts one failed attempt on {@code session}; returns how many there have been. */
    public static int failed(Session session) {
        return session.computeAttributeIfAbsent(FAILED, k -> new AtomicInteger()).incrementAndGet();
    }

    /** Failed attempts on {@code session} so far. */
    public static int failures(Session session) {
        AtomicInteger n = session.getAttribute(FAILED);
        return n == null ? 0 : n.get();
    }
}
