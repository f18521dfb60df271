package org.jumpgate.config;

import java.nio.file.Path;
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
 */
public record AuthConfig(String methods, PathTemplate authorizedKeys, @Nullable PathTemplate totpSecrets,
                         @Nullable Path accounts,
                         List<String> acceptEnv) {

    public static final String DEFAULT_METHODS = "publickey,keyboard-interactive";
    public static final List<String> DEFAULT_ACCEPT_ENV = List.of("LANG", "LC_*");

    public AuthConfig {
        Objects.requireNonNull(methods, "auth.methods");
        Objects.requireNonNull(authorizedKeys, "auth.authorizedKeys");
        acceptEnv = List.copyOf(acceptEnv);
        if (AuthMethods.parse(methods).needsKeyboardInteractive() && totpSecrets == null) {
            throw new IllegalArgumentException(
                    "auth.totpSecrets: missing, expected a path such as /etc/jumpgate/totp/%u (auth.methods uses keyboard-interactive)");
        }
    }

    public AuthMethods parsedMethods() {
        return AuthMethods.parse(methods);
    }
}
