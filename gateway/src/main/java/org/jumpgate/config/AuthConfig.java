package org.jumpgate.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * How users prove who they are.
 *
 * @param methods        OpenSSH {@code AuthenticationMethods} syntax, e.g. {@code publickey,keyboard-interactive}
 * @param authorizedKeys per-user authorized_keys file ({@code %u} = user)
 * @param totpSecrets    per-user file holding one base32 TOTP secret, or {@code null} when no
 *                       method needs it
 * @param accounts       optional accounts file (status, expiry, groups), or {@code null}
 * @param acceptEnv      environment variable patterns passed to login nodes, like sshd's AcceptEnv
 * @param secondFactor   what answers the keyboard-interactive step: {@code totp} (default) or {@code radius}
 * @param rememberSecondFactor after key + code, the same user with the same key from the same
 *                       address skips the code this long; {@code 0s} (default) asks every time
 * @param totpIssuer     the issuer in authenticator apps (otpauth URI), or {@code null} for the host name
 * @param radius         the site's MFA over RADIUS; required when {@code secondFactor} is {@code radius}
 */
public record AuthConfig(String methods, PathTemplate authorizedKeys, @Nullable PathTemplate totpSecrets,
                         @Nullable Path accounts,
                         List<String> acceptEnv, SecondFactor secondFactor, Duration rememberSecondFactor,
                         @Nullable String totpIssuer, @Nullable RadiusConfig radius) {

    /** What answers the code step. */
    public enum SecondFactor {
        TOTP("totp"), RADIUS("radius");

        private final String key;

        SecondFactor(String key) {
            this.key = key;
        }

        public String key() {
            return key;
        }

        /** {@code totp} or {@code radius}; anything else is an error naming both. */
        public static SecondFactor parse(String text) {
            for (SecondFactor f : values()) {
                if (f.key.equals(text.strip())) {
                    return f;
                }
            }
            throw new IllegalArgumentException("'" + text + "' is unknown, expected totp or radius");
        }
    }

    /** The longest a second factor may be remembered. */
    public static final Duration MAX_REMEMBER = Duration.ofDays(30);

    public static final String DEFAULT_METHODS = "publickey,keyboard-interactive";
    public static final List<String> DEFAULT_ACCEPT_ENV = List.of("LANG", "LC_*");

    public AuthConfig {
        Objects.requireNonNull(methods, "auth.methods");
        Objects.requireNonNull(authorizedKeys, "auth.authorizedKeys");
        acceptEnv = List.copyOf(acceptEnv);
        Objects.requireNonNull(secondFactor, "auth.secondFactor");
        Objects.requireNonNull(rememberSecondFactor, "auth.rememberSecondFactor");
        if (rememberSecondFactor.isNegative() || rememberSecondFactor.compareTo(MAX_REMEMBER) > 0) {
            throw new IllegalArgumentException("auth.rememberSecondFactor: " + rememberSecondFactor
                    + ", expected 0s (ask every time) up to " + MAX_REMEMBER.toDays() + "d");
        }
        if (secondFactor == SecondFactor.RADIUS && radius == null) {
            throw new IllegalArgumentException(
                    "auth.radius: missing, expected servers and secretFile (auth.secondFactor is radius)");
        }
        if (AuthMethods.parse(methods).needsKeyboardInteractive() && secondFactor == SecondFactor.TOTP
                && totpSecrets == null) {
            throw new IllegalArgumentException(
                    "auth.totpSecrets: missing, expected a path such as /etc/jumpgate/totp/%u (auth.methods uses keyboard-interactive)");
        }
    }

    public AuthMethods parsedMethods() {
        return AuthMethods.parse(methods);
    }
}
