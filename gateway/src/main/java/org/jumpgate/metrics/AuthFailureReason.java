package org.jumpgate.metrics;

import java.util.Locale;

/**
 * The {@code reason} tag of {@code jumpgate_auth_failures_total}: the audit log's free-text
 * {@code auth.failure} reasons mapped to a few categories an operator can alert on. A reason no
 * category knows is {@link #OTHER}, never its text.
 */
enum AuthFailureReason {
    /** No authorized key of the user's matched the offered one (or the user is unknown). */
    UNKNOWN_KEY,
    /** A signature that did not verify. */
    BAD_SIGNATURE,
    /** The account policy refused the user: disabled, expired, not in an allowed group, unlisted. */
    ACCOUNT,
    /** StrictModes: the user's authorized_keys or TOTP secret could be read or written by others. */
    UNSAFE_FILE,
    /** A one-time code that was not the right one. */
    WRONG_CODE,
    /** A right one-time code already used in its 30 s step. */
    REPLAYED_CODE,
    /** Nothing typed at the code prompt. */
    NO_CODE,
    /** The user has no TOTP secret (not enrolled). */
    NO_SECRET,
    /** Codes refused for a while after too many wrong ones. */
    LOCKED,
    /** The site's MFA service (RADIUS) rejected the answer. */
    MFA_REJECTED,
    /** The site's MFA service (RADIUS) did not answer. */
    MFA_UNREACHABLE,
    /** Anything else. */
    OTHER;

    /** The tag value: {@code wrong_code}. */
    String tag() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The category of an {@code auth.failure} reason as the audit log has it. */
    static AuthFailureReason of(String reason) {
        if (reason == null) {
            return OTHER;
        }
        if (reason.equals("key not authorized for this user")) {
            return UNKNOWN_KEY;
        }
        if (reason.equals("signature verification failed")) {
            return BAD_SIGNATURE;
        }
        if (reason.startsWith("jumpgate: account ") || reason.startsWith("jumpgate: no active account")) {
            return ACCOUNT;
        }
        if (reason.startsWith("authorized_keys ") || reason.startsWith("TOTP secret ")) {
            return UNSAFE_FILE;
        }
        if (reason.equals("wrong one-time code")) {
            return WRONG_CODE;
        }
        if (reason.equals("one-time code already used")) {
            return REPLAYED_CODE;
        }
        if (reason.equals("no one-time code given")) {
            return NO_CODE;
        }
        if (reason.equals("no one-time code secret for this user")) {
            return NO_SECRET;
        }
        if (reason.startsWith("codes locked after ")) {
            return LOCKED;
        }
        if (reason.equals("rejected by the MFA service") || reason.startsWith("more than ")
                && reason.endsWith(" RADIUS challenges")) {
            return MFA_REJECTED;
        }
        if (reason.startsWith("MFA service unreachable") || reason.startsWith("RADIUS request failed")) {
            return MFA_UNREACHABLE;
        }
        return OTHER;
    }
}
