package org.jumpgate.backend;

import java.util.Objects;
import org.jspecify.annotations.Nullable;
import org.jumpgate.connection.KeyPolicy;

/**
 * What a lingering link may be taken again for: the same user, the same key policy (it made the
 * certificate's extensions and force-command, which the login node holds the link to) and the
 * same pin (a pinned listener's login node, or none).
 */
record LinkKey(String user, KeyPolicy policy, @Nullable String pin) {

    LinkKey {
        Objects.requireNonNull(user, "user");
        Objects.requireNonNull(policy, "policy");
    }

    static LinkKey of(LinkRequest request) {
        return new LinkKey(request.user(), request.policy(), request.pin());
    }
}
