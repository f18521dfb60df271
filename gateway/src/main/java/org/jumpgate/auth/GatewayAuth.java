package org.jumpgate.auth;

import java.io.IOException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.sshd.server.auth.UserAuthFactory;
import org.apache.sshd.core.CoreModuleProperties;
import org.apache.sshd.server.SshServer;
import org.apache.sshd.server.auth.keyboard.UserAuthKeyboardInteractiveFactory;
import org.apache.sshd.server.auth.pubkey.UserAuthPublicKey;
import org.apache.sshd.server.auth.pubkey.UserAuthPublicKeyFactory;
import org.apache.sshd.server.session.ServerSession;
import org.jumpgate.audit.AuditLog;
import org.jumpgate.config.AuthConfig;
import org.jumpgate.config.AuthMethods;
import org.jumpgate.config.PathTemplate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Puts the gateway's authentication on a MINA server: publickey, then TOTP, never password. */
public final class GatewayAuth {

    private static final Logger LOG = LoggerFactory.getLogger(GatewayAuth.class);

    private GatewayAuth() {
    }

    /**
     * The {@code ssh-userauth} service factory for a gateway listener: one service per connection,
     * however often the client requests it.
     */
    public static org.apache.sshd.common.ServiceFactory userAuthService() {
        return UserAuthServices.INSTANCE;
    }

    /**
     * @param totpClock the clock one-time codes are checked against (tests pass one they move)
     * @param wallClock the clock for key expiry-time and account expiry
     */
    public static void install(SshServer server, AuthConfig config, Accounts accounts, AuditLog audit,
                               Clock totpClock, Clock wallClock) {
        AuthMethods methods = config.parsedMethods();
        KeyAuthenticator keys = new KeyAuthenticator(new AuthorizedKeys(config.authorizedKeys(), wallClock));
        // a code will be asked whatever the chain: an unsafe secret refuses the user at the key already
        VerifiedPublicKeyAuth.SecondFactorFiles secrets =
                methods.alternatives().stream().allMatch(c -> c.contains("keyboard-interactive"))
                        ? user -> unsafeSecret(config.totpSecrets(), user)
                        : VerifiedPublicKeyAuth.SecondFactorFiles.NONE;
        List<UserAuthFactory> factories = new ArrayList<>();
        factories.add(new UserAuthPublicKeyFactory() {
            @Override
            public UserAuthPublicKey createUserAuth(ServerSession session) {
                return new VerifiedPublicKeyAuth(keys, accounts, audit, secrets);
            }
        });
        server.setPublickeyAuthenticator(keys);
        if (methods.needsKeyboardInteractive()) {
            server.setKeyboardInteractiveAuthenticator(
                    new TotpAuthenticator(new TotpVerifier(config.totpSecrets(), totpClock), audit));
            factories.add(UserAuthKeyboardInteractiveFactory.INSTANCE);
        } else {
            server.setKeyboardInteractiveAuthenticator(null);
        }
        server.setPasswordAuthenticator(null);
        server.setHostBasedAuthenticator(null);
        server.setGSSAuthenticator(null);
        server.setUserAuthFactories(factories);
        CoreModuleProperties.AUTH_METHODS.set(server, methods.toMinaSpec());
    }

    /** Why {@code user}'s TOTP secret is not to be trusted ({@link StrictModes}), logged with its file and mode. */
    private static Optional<String> unsafeSecret(PathTemplate secrets, String user) {
        try {
            Optional<StrictModes.Problem> p = StrictModes.standard().totpSecret(user, secrets.resolve(user));
            p.ifPresent(problem -> LOG.warn("refused user {}: {}", user, problem.detail()));
            return p.map(StrictModes.Problem::summary);
        } catch (IOException | IllegalArgumentException e) {
            return Optional.empty(); // no secret, or unreadable: the code step refuses and logs it
        }
    }
}
