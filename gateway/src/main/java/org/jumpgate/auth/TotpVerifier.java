package org.jumpgate.auth;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Clock;
import java.util.Optional;
import org.jumpgate.config.PathTemplate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Checks a user's one-time code against the secret in their file: the current 30 s step or one
 * either side (clock skew), and never a step at or before the last one accepted for that user,
 * so a code seen over a shoulder or replayed is refused.
 */
public final class TotpVerifier {

    private static final Logger LOG = LoggerFactory.getLogger(TotpVerifier.class);

    /** Steps of skew accepted either side of now. */
    public static final int SKEW_STEPS = 1;
    /** A secret file larger than this is not a secret file. */
    public static final long MAX_SECRET_FILE_BYTES = 1024;

    /** Why a code was refused, for the audit log (never the code itself). */
    public enum Outcome { ACCEPTED, WRONG_CODE, REPLAYED, NO_SECRET }

    private final PathTemplate secrets;
    private final Clock clock;
    private final UsedCodes used;

    public TotpVerifier(PathTemplate secrets, Clock clock) {
        this(secrets, clock, UsedCodes.local());
    }

    /** Codes checked on {@code clock}, each accepted once as {@code used} records (this gateway's, or the fleet's). */
    public TotpVerifier(PathTemplate secrets, Clock clock, UsedCodes used) {
        this.secrets = secrets;
        this.clock = clock;
        this.used = used;
    }

    public Outcome verify(String user, String code) {
        Totp totp;
        try {
            totp = load(user);
        } catch (IOException | IllegalArgumentException e) {
            LOG.warn("no usable TOTP secret for user {}: {}", user, e.getMessage());
            return Outcome.NO_SECRET;
        }
        String given = code == null ? "" : code.trim();
        long now = Totp.step(clock.instant());
        for (long step = now - SKEW_STEPS; step <= now + SKEW_STEPS; step++) {
            if (constantTimeEquals(totp.code(step), given)) {
                return accept(user, step);
            }
        }
        return Outcome.WRONG_CODE;
    }

    private Outcome accept(String user, long step) {
        if (!used.accept(user, step)) {
            return Outcome.REPLAYED;
        }
        prune();
        return Outcome.ACCEPTED;
    }

    /**
     * How long until {@code user}'s phone shows a code this verifier has not yet accepted: the
     * step after the last one accepted for that user (zero when any current code would do).
     */
    public java.time.Duration nextCodeIn(String user) {
        java.util.OptionalLong last = used.last(user);
        java.time.Instant now = clock.instant();
        if (last.isEmpty()) {
            return java.time.Duration.ZERO;
        }
        java.time.Instant next = java.time.Instant.ofEpochSecond((last.getAsLong() + 1) * Totp.STEP.getSeconds());
        return now.isBefore(next) ? java.time.Duration.between(now, next) : java.time.Duration.ZERO;
    }

    /** Entries older than the skew window can no longer stop a replay; drop them. */
    private void prune() {
        long oldest = Totp.step(clock.instant()) - SKEW_STEPS - 1;
        used.prune(oldest);
    }

    private Totp load(String user) throws IOException {
        Path file = secrets.resolve(user);
        Optional<StrictModes.Problem> unsafe = StrictModes.standard().totpSecret(user, file);
        if (unsafe.isPresent()) {
            throw new IOException(unsafe.get().detail());
        }
        if (Files.size(file) > MAX_SECRET_FILE_BYTES) {
            throw new IOException(file + " is larger than " + MAX_SECRET_FILE_BYTES + " bytes");
        }
        return Totp.fromBase32(Files.readString(file));
    }

    private static boolean constantTimeEquals(String a, String b) {
        return MessageDigest.isEqual(a.getBytes(java.nio.charset.StandardCharsets.US_ASCII),
                b.getBytes(java.nio.charset.StandardCharsets.US_ASCII));
    }
}
