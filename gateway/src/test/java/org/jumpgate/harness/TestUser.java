package org.jumpgate.harness;

import java.security.KeyPair;
import java.time.Instant;
import org.jumpgate.auth.Totp;

/**
 * A user the gateway knows: an ed25519 key in their authorized_keys file and a TOTP secret in
 * their secrets file.
 */
public record TestUser(String name, KeyPair key, String totpSecret) {

    /** The user's one-time code at {@code t}, as their authenticator app would show it. */
    public String codeAt(Instant t) {
        return Totp.fromBase32(totpSecret).codeAt(t);
    }

    @Override
    public String toString() {
        return "TestUser[" + name + "]"; // never the secret
    }
}
