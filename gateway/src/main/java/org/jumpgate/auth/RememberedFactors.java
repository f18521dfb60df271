package org.jumpgate.auth;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import org.apache.sshd.server.session.ServerSession;
import org.jspecify.annotations.Nullable;
import org.jumpgate.connection.KeyPolicy;
import org.jumpgate.connection.UserConnection;

/**
 * Second factors remembered ({@code auth.rememberSecondFactor}): after key + code, the same user
 * with the same public key from the same address skips the code until the time is up. A
 * different key or address asks again; a wrong code, or {@code jumpgate admin forget USER},
 * ends it for the user at once.
 */
public interface RememberedFactors {

    /** Whether the key that just passed on {@code session}, from its address, may skip {@code user}'s code now. */
    boolean covers(ServerSession session, String user);

    /** {@code user} just gave a right code on {@code session}: remember it for its key and address. */
    void remember(ServerSession session, String user);

    /** Ends everything remembered for {@code user}; true when there was something. */
    boolean forget(String user);

    /**
     * What a remembered factor is tied to on {@code session}: {@code "SHA256:... 192.0.2.7"}, the
     * key that passed and the client's address; null before a key passed.
     */
    static @Nullable String keyOf(ServerSession session) {
        UserConnection connection = UserConnection.of(session);
        KeyPolicy policy = connection.keyPolicy();
        if (policy == null || !(connection.client() instanceof java.net.InetSocketAddress a)
                || a.getAddress() == null) {
            return null;
        }
        return policy.fingerprint() + " " + a.getAddress().getHostAddress();
    }

    /** Nothing is remembered (the default: {@code rememberSecondFactor: 0s}). */
    static RememberedFactors none() {
        return NoRememberedFactors.INSTANCE;
    }

    /** Remembered for {@code ttl} on {@code clock}, kept in {@code file} (0600) so a restart keeps it. */
    static RememberedFactors inFile(Path file, Duration ttl, Clock clock) throws IOException {
        return FileRememberedFactors.load(file, ttl, clock);
    }

    /** See {@link #none()}. */
    enum NoRememberedFactors implements RememberedFactors {
        INSTANCE;

        @Override
        public boolean covers(ServerSession session, String user) {
            return false;
        }

        @Override
        public void remember(ServerSession session, String user) {
        }

        @Override
        public boolean forget(String user) {
            return false;
        }
    }
}
