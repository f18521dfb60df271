package org.jumpgate.connection;

import org.jspecify.annotations.Nullable;

/**
 * A user connection's link to its login node as the connection sees it: where it is, and that it
 * ends with the connection. {@code backend.UserLink} implements it; {@code server} makes one on a
 * connection's first channel and reaches its own type again through {@link UserConnection#link(Class,
 * java.util.function.Supplier)}.
 */
public interface LoginLink {

    /** The login node the link is on now, or null when there is none (not made yet, failed, closed). */
    @Nullable String backendName();

    /** Closes the link, now or as soon as it is made; it is not made again. Idempotent. */
    void close();
}
