package org.jumpgate.auth;

import com.eatthepath.otp.TimeBasedOneTimePasswordGenerator;
import java.security.InvalidKeyException;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import javax.crypto.spec.SecretKeySpec;

/**
 * RFC 6238 one-time codes: HMAC-SHA1, 30 s steps, 6 digits, which is what every authenticator
 * app makes from a base32 secret.
 */
public final class Totp {

    public static final Duration STEP = Duration.ofSeconds(30);
    public static final int DIGITS = 6;
    /** Shortest secret accepted: RFC 4226 asks for at least 128 bits. */
    public static final int MIN_SECRET_BYTES = 16;

    private final TimeBasedOneTimePasswordGenerator generator = new TimeBasedOneTimePasswordGenerator(STEP, DIGITS);
    private final SecretKeySpec key;

    private Totp(byte[] secret) {
        this.key = new SecretKeySpec(secret, "HmacSHA1");
    }

    /** A generator for the base32 {@code secret}; throws with a reason if it is not a usable secret. */
    public static Totp fromBase32(String secret) {
        byte[] bytes = Base32.decode(secret.trim());
        if (bytes.length < MIN_SECRET_BYTES) {
            throw new IllegalArgumentException("secret has " + bytes.length * 8 + " bits, expected at least "
                    + MIN_SECRET_BYTES * 8);
        }
        return new Totp(bytes);
    }

    /** A new random secret, base32, 160 bits. */
    public static String newSecret() {
        byte[] b = new byte[20];
        new SecureRandom().nextBytes(b);
        return Base32.encode(b);
    }

    public static long step(Instant t) {
        return Math.floorDiv(t.getEpochSecond(), STEP.getSeconds());
    }

    /** The code of time step {@code step}, zero-padded to {@link #DIGITS}. */
    public String code(long step) {
        try {
            int c = generator.generateOneTimePassword(key, Instant.ofEpochSecond(step * STEP.getSeconds()));
            return String.format("%0" + DIGITS + "d", c);
        } catch (InvalidKeyException e) {
            throw new IllegalStateException("HMAC-SHA1 refused the secret", e);
        }
    }

    public String codeAt(Instant t) {
        return code(step(t));
    }
}
