package org.jumpgate.auth;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
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

/** Puts the gateway's authentication on a MINA server: publickey, then TOTP, never password. */
public final class GatewayAuth {

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
        List<UserAuthFactory> factories = new ArrayList<>();
        factories.add(new UserAuthPublicKeyFactory() {
            @Override
            public UserAuthPublicKey createUserAuth(ServerSession session) {
                return new VerifiedPublicKeyAuth(keys, accounts, audit);
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
}
