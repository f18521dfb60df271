package org.jumpgate.admin;

import org.jumpgate.common.HostPort;

/** The admin API did not answer: nothing listens there, it timed out, or the host is unknown. */
public final class AdminUnreachableException extends Exception {

    private static final long serialVersionUID = 1L;

    private final HostPort admin;
    private final String why;

    AdminUnreachableException(HostPort admin, String why, Throwable cause) {
        super("cannot reach the admin API at " + admin + " (" + why + "); is jumpgate running?", cause);
        this.admin = admin;
        this.why = why;
    }

    /** Where it was called. */
    public HostPort admin() {
        return admin;
    }

    /** Short reason, e.g. {@code connection refused}. */
    public String why() {
        return why;
    }
}
