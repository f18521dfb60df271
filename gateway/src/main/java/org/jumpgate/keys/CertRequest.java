package org.jumpgate.keys;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * What a backend link's certificate says.
 *
 * @param user            the only principal: the user's name on the login node
 * @param keyId           appears in the login node's auth log; names user and gateway session
 * @param sourceAddresses CIDRs the login node accepts the certificate from (the gateway's addresses)
 * @param extensions      OpenSSH permit-* extensions granted
 * @param forceCommand    a forced command from the user's authorized_keys line, or {@code null}
 * @param validity        how long from now the certificate is valid
 */
public record CertRequest(String user, String keyId, List<String> sourceAddresses, Set<String> extensions,
                          String forceCommand, Duration validity) {

    /** Every extension OpenSSH knows; a key without restrictions gets them all. */
    public static final Set<String> ALL_EXTENSIONS = Set.of("permit-X11-forwarding", "permit-agent-forwarding",
            "permit-port-forwarding", "permit-pty", "permit-user-rc");

    public CertRequest {
        Objects.requireNonNull(user, "user");
        Objects.requireNonNull(keyId, "keyId");
        sourceAddresses = List.copyOf(sourceAddresses);
        extensions = Set.copyOf(extensions);
        Objects.requireNonNull(validity, "validity");
        for (String e : extensions) {
            if (!ALL_EXTENSIONS.contains(e)) {
                throw new IllegalArgumentException("extension '" + e + "', expected one of " + ALL_EXTENSIONS);
            }
        }
    }
}
