package org.jumpgate.loadgen.run;

import java.time.Clock;
import org.jumpgate.auth.Totp;

/** Where a user's one-time codes come from: their TOTP secret and a clock, or a test's supplier. */
@FunctionalInterface
public interface CodeSource {

    /** A code and the 30 s step it belongs to (the gateway accepts each step once per user). */
    record Code(long step, String digits) {
    }

    /** The code to answer now. */
    Code current();

    /** Codes from a base32 TOTP secret at {@code clock}'s time. */
    static CodeSource totp(String base32Secret, Clock clock) {
        Totp totp = Totp.fromBase32(base32Secret);
        return () -> {
            long step = Totp.step(clock.instant());
            return new Code(step, totp.code(step));
        };
    }
}
