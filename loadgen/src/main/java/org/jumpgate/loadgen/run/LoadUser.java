package org.jumpgate.loadgen.run;

import java.security.KeyPair;
import java.util.Objects;

/**
 * One simulated user.
 *
 * @param name  the user name
 * @param key   the user's key pair
 * @param codes where the one-time codes come from, or {@code null} for a user without a second factor
 */
public record LoadUser(String name, KeyPair key, CodeSource codes) {

    public LoadUser {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(key, "key");
    }

    public boolean hasCodes() {
        return codes != null;
    }

    @Override
    public String toString() {
        return name;
    }
}
