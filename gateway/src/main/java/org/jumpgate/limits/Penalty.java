package org.jumpgate.limits;

/** How an unauthenticated connection ended badly, as OpenSSH's {@code PerSourcePenalties} names it. */
public enum Penalty {
    /** It tried to authenticate and failed. */
    AUTHFAIL("authfail", "failed authentication"),
    /** It closed without attempting authentication (scanners, silent connections). */
    NOAUTH("noauth", "connections without attempting authentication"),
    /** It was still unauthenticated when its login grace time ran out. */
    GRACE_EXCEEDED("grace-exceeded", "exceeded the login grace time");

    private final String key;
    private final String reason;

    Penalty(String key, String reason) {
        this.key = key;
        this.reason = reason;
    }

    /** The name in metrics and the audit log. */
    public String key() {
        return key;
    }

    /** Why, for logs and the audit log. */
    public String reason() {
        return reason;
    }
}
