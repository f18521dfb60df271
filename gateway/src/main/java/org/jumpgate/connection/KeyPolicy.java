package org.jumpgate.connection;

import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * What a user's authorized key line allows, carried into the certificate the gateway makes for
 * the login node, which then enforces it (OpenSSH certificate extensions and force-command).
 * {@code auth} makes it when a key's signature verified; {@link UserConnection#keyPolicy()} gives
 * it to the backend link, the relay and the jumps.
 *
 * @param fingerprint  SHA256 fingerprint of the key that passed, for the audit log
 * @param extensions   the permit-* extensions granted
 * @param forceCommand the line's {@code command="..."}, or {@code null}
 */
public record KeyPolicy(String fingerprint, Set<String> extensions, @Nullable String forceCommand) {

    public KeyPolicy {
        extensions = Set.copyOf(extensions);
    }

    public boolean allows(String extension) {
        return extensions.contains(extension);
    }
}
