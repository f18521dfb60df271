package org.jumpgate.enroll;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Objects;
import org.jumpgate.auth.Totp;

/**
 * The key URI authenticator apps read from a QR code:
 * {@code otpauth://totp/ISSUER:USER?secret=SECRET&issuer=ISSUER&algorithm=SHA1&digits=6&period=30}.
 * Issuer and user are percent-encoded (a space is {@code %20}, a colon in the issuer {@code %3A}).
 * The algorithm, digits and period are those of {@link Totp} (they are also the format's
 * defaults, so apps that ignore them still make the right codes).
 *
 * @param issuer what the app shows above the code ({@code auth.totpIssuer}, else the host name)
 * @param user   the account name shown under it
 * @param secret the base32 secret, without padding
 */
public record OtpAuthUri(String issuer, String user, String secret) {

    public OtpAuthUri {
        Objects.requireNonNull(issuer, "issuer");
        Objects.requireNonNull(user, "user");
        Objects.requireNonNull(secret, "secret");
        if (issuer.isBlank()) {
            throw new IllegalArgumentException("issuer is empty, expected a name such as the site's");
        }
    }

    /** The URI, with the secret in it. */
    public String text() {
        return "otpauth://totp/" + encode(issuer) + ":" + encode(user)
                + "?secret=" + secret
                + "&issuer=" + encode(issuer)
                + "&algorithm=SHA1&digits=" + Totp.DIGITS + "&period=" + Totp.STEP.toSeconds();
    }

    private static String encode(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
    }

    /** Never the secret. */
    @Override
    public String toString() {
        return "OtpAuthUri[" + issuer + ":" + user + "]";
    }
}
