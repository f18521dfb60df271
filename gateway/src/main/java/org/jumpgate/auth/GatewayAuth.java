package org.jumpgate.auth;

import java.io.IOException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.apache.sshd.common.ServiceFactory;
import org.apache.sshd.core.CoreModuleProperties;
import org.apache.sshd.server.SshServer;
import org.apache.sshd.server.auth.UserAuthFactory;
import org.apache.sshd.server.auth.UserAuth;
import org.apache.sshd.server.auth.pubkey.UserAuthPublicKey;
import org.apache.sshd.server.auth.pubkey.UserAuthPublicKeyFactory;
import org.apache.sshd.server.session.ServerSession;
import org.jumpgate.audit.AuditLog;
import org.jumpgate.config.AuthConfig;
import org.jumpgate.config.AuthMethods;
import org.jumpgate.config.PathTemplate;
import org.jumpgate.radius.RadiusClient;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The gateway's authentication, publickey then TOTP, never password; made once per gateway and
 * put on each of its listeners, so every listener shares one record of used codes and of
 * wrong-code lockouts (a code used on one listener is refused on another).
 */
public final class GatewayAuth implements AutoCloseable {

    /**
     * Threads that check second-factor answers: a RADIUS round trip (at most timeout x (1 + retries)
     * per server), or a TOTP secret read from disk and the fleet's record of used codes. Never
     * MINA's I/O threads.
     */
    static final int FACTOR_THREADS = 8;

    private static final Logger LOG = LoggerFactory.getLogger(GatewayAuth.class);

    private final AuthMethods methods;
    private final KeyAuthenticator keys;
    private final Accounts accounts;
    private final AuditLog audit;
    private final @Nullable SecondFactor codes;
    private final RememberedFactors remembered;
    private final VerifiedPublicKeyAuth.SecondFactorFiles secrets;
    private final int maxAuthTries;
    private final @Nullable RadiusClient radius;
    private final @Nullable ExecutorService factorThreads;

    private GatewayAuth(AuthConfig config, Accounts accounts, AuditLog audit, Clock totpClock, Clock wallClock,
                        Clock limitsClock, int maxAuthTries, RememberedFactors remembered, UsedCodes used,
                        SharedLockouts lockouts)
            throws IOException {
        this.methods = config.parsedMethods();
        this.keys = new KeyAuthenticator(new AuthorizedKeys(config.authorizedKeys(), wallClock));
        this.accounts = accounts;
        this.audit = audit;
        this.remembered = methods.needsKeyboardInteractive() ? remembered : RememberedFactors.none();
        boolean useRadius = methods.needsKeyboardInteractive() && config.secondFactor() == AuthConfig.SecondFactor.RADIUS;
        this.radius = useRadius ? RadiusClient.create(config.radius()) : null;
        this.factorThreads = methods.needsKeyboardInteractive() ? Executors.newFixedThreadPool(FACTOR_THREADS, r -> {
            Thread t = new Thread(r, "jumpgate-second-factor");
            t.setDaemon(true);
            return t;
        }) : null;
        if (!methods.needsKeyboardInteractive()) {
            this.codes = null;
        } else if (useRadius) {
            this.codes = new RadiusFactor(radius, factorThreads, this.remembered, audit);
        } else {
            this.codes = new TotpFactor(new TotpVerifier(config.totpSecrets(), totpClock, used), new CodeLockout(limitsClock, lockouts),
                    this.remembered, audit, factorThreads);
        }
        this.maxAuthTries = maxAuthTries;
        // a code will be asked whatever the chain: an unsafe secret refuses the user at the key already
        this.secrets = !useRadius && methods.alternatives().stream().allMatch(c -> c.contains("keyboard-interactive"))
                ? user -> unsafeSecret(config.totpSecrets(), user)
                : VerifiedPublicKeyAuth.SecondFactorFiles.NONE;
    }

    /**
     * @param totpClock    the clock one-time codes are checked against (tests pass one they move)
     * @param wallClock    the clock for key expiry-time and account expiry
     * @param limitsClock  the clock wrong-code lockouts are measured on
     * @param maxAuthTries failed attempts allowed on one connection ({@code limits.maxAuthTries})
     * @param remembered   second factors remembered ({@code auth.rememberSecondFactor})
     * @param used         code steps accepted (this gateway's, or the fleet's)
     * @throws IOException the RADIUS shared secret could not be read (a bad file is a ConfigException)
     */
    public static GatewayAuth create(AuthConfig config, Accounts accounts, AuditLog audit, Clock totpClock,
                                     Clock wallClock, Clock limitsClock, int maxAuthTries,
                                     RememberedFactors remembered, UsedCodes used) throws IOException {
        return create(config, accounts, audit, totpClock, wallClock, limitsClock, maxAuthTries, remembered, used,
                SharedLockouts.none());
    }

    /**
     * {@link #create(AuthConfig, Accounts, AuditLog, Clock, Clock, Clock, int, RememberedFactors, UsedCodes)}
     * in a fleet: wrong-code lockouts shared through {@code lockouts}.
     */
    public static GatewayAuth create(AuthConfig config, Accounts accounts, AuditLog audit, Clock totpClock,
                                     Clock wallClock, Clock limitsClock, int maxAuthTries,
                                     RememberedFactors remembered, UsedCodes used, SharedLockouts lockouts)
            throws IOException {
        return new GatewayAuth(config, accounts, audit, totpClock, wallClock, limitsClock, maxAuthTries, remembered,
                used, lockouts);
    }

    /** Stops the second-factor threads and the RADIUS client (requests under way end within their timeouts). */
    @Override
    public void close() {
        if (factorThreads != null) {
            factorThreads.shutdownNow();
        }
        if (radius != null) {
            radius.close();
        }
    }

    /** Ends what is remembered of {@code user}'s second factor ({@code jumpgate admin forget}); true if there was any. */
    public boolean forget(String user) {
        return remembered.forget(user);
    }

    /**
     * The {@code ssh-userauth} service factory for a listener: one service per connection,
     * however often the client requests it, ending it after {@code maxAuthTries} failed attempts.
     */
    public ServiceFactory userAuthService() {
        return new UserAuthServices(maxAuthTries, audit);
    }

    /** Puts the methods and authenticators on {@code server}. */
    public void install(SshServer server) {
        List<UserAuthFactory> factories = new ArrayList<>();
        factories.add(new UserAuthPublicKeyFactory() {
            @Override
            public UserAuthPublicKey createUserAuth(ServerSession session) {
                return new VerifiedPublicKeyAuth(keys, accounts, audit, secrets, remembered);
            }
        });
        server.setPublickeyAuthenticator(keys);
        server.setKeyboardInteractiveAuthenticator(null);
        if (codes != null) {
            SecondFactor factor = codes;
            factories.add(new UserAuthFactory() {
                @Override
                public String getName() {
                    return "keyboard-interactive";
                }

                @Override
                public UserAuth createUserAuth(ServerSession session) {
                    return new SecondFactorAuth(factor, maxAuthTries);
                }
            });
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
