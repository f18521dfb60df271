package org.jumpgate.backend;

import java.io.IOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.security.KeyPair;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.sshd.client.SshClient;
import org.apache.sshd.client.auth.password.PasswordIdentityProvider;
import org.apache.sshd.client.auth.pubkey.UserAuthPublicKeyFactory;
import org.apache.sshd.client.config.hosts.HostConfigEntryResolver;
import org.apache.sshd.client.keyverifier.AcceptAllServerKeyVerifier;
import org.apache.sshd.client.keyverifier.KnownHostsServerKeyVerifier;
import org.apache.sshd.client.keyverifier.RejectAllServerKeyVerifier;
import org.apache.sshd.client.session.ClientSession;
import org.apache.sshd.common.SshConstants;
import org.apache.sshd.common.keyprovider.KeyIdentityProvider;
import org.apache.sshd.common.util.buffer.Buffer;
import org.apache.sshd.core.CoreModuleProperties;
import org.jumpgate.audit.AuditEvent;
import org.jumpgate.audit.AuditLog;
import org.jumpgate.balancer.Backend;
import org.jumpgate.balancer.BackendSelector;
import org.jumpgate.common.Durations;
import org.jumpgate.common.Exceptions;
import org.jumpgate.config.BackendLinkConfig;
import org.jumpgate.connection.UserConnection;
import org.jumpgate.keys.CertRequest;
import org.jumpgate.keys.UserCa;
import org.jumpgate.transport.Transport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Makes backend links: asks the selector for candidates, then for each, until one works,
 * connects, checks the login node's host key against known_hosts, and logs in with a fresh
 * certificate. Everything is asynchronous: no I/O thread ever waits here.
 */
public final class BackendConnector implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(BackendConnector.class);

    /** The global request a keepalive is: sshd answers it with a failure, a MINA server with a success. */
    static final String KEEPALIVE_REQUEST = "keepalive@openssh.com";

    private final SshClient client;
    private final UserCa ca;
    private final BackendSelector selector;
    private final BackendLinkConfig config;
    private final AuditLog audit;
    private final String gatewayName;
    private final LinkLost lost;
    private final ScheduledExecutorService timer;
    private final AtomicBoolean closed = new AtomicBoolean();
    private final java.util.Map<String, List<String>> sources = new java.util.concurrent.ConcurrentHashMap<>();

    private BackendConnector(SshClient client, UserCa ca, BackendSelector selector, BackendLinkConfig config,
                             AuditLog audit, String gatewayName, LinkLost lost) {
        this.client = client;
        this.ca = ca;
        this.selector = selector;
        this.config = config;
        this.audit = audit;
        this.gatewayName = gatewayName;
        this.lost = lost;
        this.timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "jumpgate-link-timer");
            t.setDaemon(true);
            return t;
        });
    }

    /**
     * @param reverseChannels channel types login nodes may open back on a link (forwarded-tcpip,
     *                        agent, X11), each bridged to the link's owner
     * @param lost            ends the user connection of a link whose login node stopped answering
     *                        its keepalives ({@code backendLink.keepalive}, {@code keepaliveCountMax})
     */
    public static BackendConnector start(UserCa ca, BackendSelector selector, BackendLinkConfig config,
                                         AuditLog audit, String gatewayName,
                                         List<? extends org.apache.sshd.common.channel.ChannelFactory> reverseChannels,
                                         LinkLost lost) {
        SshClient client = SshClient.setUpDefaultClient();
        client.setChannelFactories(reverseChannels);
        Transport.apply(client);
        if (!config.kex().isEmpty()) {
            Transport.offerKeyExchange(client, config.kex());
        }
        client.setHostConfigEntryResolver(HostConfigEntryResolver.EMPTY);
        client.setKeyIdentityProvider(KeyIdentityProvider.EMPTY_KEYS_PROVIDER);
        client.setPasswordIdentityProvider(PasswordIdentityProvider.EMPTY_PASSWORDS_PROVIDER);
        client.setUserAuthFactories(List.of(UserAuthPublicKeyFactory.INSTANCE));
        client.setServerKeyVerifier(new KnownHostsServerKeyVerifier(
                config.strict() ? RejectAllServerKeyVerifier.INSTANCE : AcceptAllServerKeyVerifier.INSTANCE,
                config.knownHosts()));
        CoreModuleProperties.IO_CONNECT_TIMEOUT.set(client, config.connectTimeout());
        client.start();
        return new BackendConnector(client, ca, selector, config, audit, gatewayName, lost);
    }

    /** A link for {@code request}; fails with {@link BackendUnavailableException} when no candidate works. */
    public CompletableFuture<BackendLink> connect(LinkRequest request) {
        List<Backend> candidates = selector.pick(request.user(), request.pin());
        CompletableFuture<BackendLink> result = new CompletableFuture<>();
        if (candidates.isEmpty()) {
            result.completeExceptionally(new BackendUnavailableException(request.pin() != null
                    ? "jumpgate: login node " + request.pin() + " is not taking sessions right now"
                    : "jumpgate: no login node is taking sessions right now; try again in a minute"));
            return result;
        }
        tryNext(request, candidates, 0, new ArrayList<>(), result);
        return result;
    }

    /**
     * A link to {@code node} itself rather than to a balancer's pick (a CPU job's compute node, which
     * trusts the gateway CA as login nodes do); fails with {@link BackendUnavailableException}.
     */
    public CompletableFuture<BackendLink> connectTo(LinkRequest request, Backend node) {
        return attempt(request, node).exceptionallyCompose(e -> CompletableFuture.failedFuture(
                new BackendUnavailableException("jumpgate: cannot log in to " + node.name() + " (" + reason(e) + ")")));
    }

    private void tryNext(LinkRequest request, List<Backend> candidates, int index, List<String> failures,
                         CompletableFuture<BackendLink> result) {
        if (index >= candidates.size()) {
            LOG.warn("no login node took {}'s session: {}", request.user(), failures);
            audit.record(new AuditEvent.BackendUnavailable(request.user(), request.sessionId(), failures));
            result.completeExceptionally(new BackendUnavailableException(
                    "jumpgate: no login node is reachable right now (tried " + candidates.size()
                            + "); try again in a minute"));
            return;
        }
        Backend backend = candidates.get(index);
        attempt(request, backend).whenComplete((link, error) -> {
            if (error == null) {
                BackendSelector.SessionHandle handle = selector.sessionStarted(backend.name(), request.user());
                link.onClose(handle::close);
                audit.record(new AuditEvent.BackendChosen(request.user(), request.sessionId(), backend.name(),
                        backend.address(), index + 1));
                result.complete(link);
            } else {
                String why = backend.name() + ": " + reason(error);
                LOG.info("login node {} did not take {}'s link: {}", backend.name(), request.user(), reason(error));
                failures.add(why);
                tryNext(request, candidates, index + 1, failures, result);
            }
        });
    }

    private CompletableFuture<BackendLink> attempt(LinkRequest request, Backend backend) {
        CompletableFuture<BackendLink> done = new CompletableFuture<>();
        CompletableFuture<ClientSession> sessionRef = new CompletableFuture<>();
        ScheduledFuture<?> timeout = timer.schedule(() -> {
            if (done.completeExceptionally(new IOException("no answer within " + config.connectTimeout()))) {
                sessionRef.thenAccept(s -> s.close(true));
            }
        }, config.connectTimeout().toMillis(), TimeUnit.MILLISECONDS);
        done.whenComplete((l, e) -> timeout.cancel(false));
        try {
            KeyPair identity = ca.issue(new CertRequest(request.user(),
                    "jumpgate:" + request.user() + ":" + request.sessionId() + "@" + gatewayName,
                    sources.computeIfAbsent(backend.address(), a -> sourceAddresses(backend)), request.policy().extensions(), request.policy().forceCommand(),
                    config.certValidity()));
            client.connect(request.user(), backend.host(), backend.port()).addListener(cf -> {
                if (!cf.isConnected()) {
                    done.completeExceptionally(cf.getException() != null ? cf.getException()
                            : new IOException("connect failed"));
                    return;
                }
                ClientSession session = cf.getSession();
                if (request.owner() != null) {
                    request.owner().carriedBy(session);
                }
                sessionRef.complete(session);
                if (done.isDone()) {
                    session.close(true);
                    return;
                }
                session.addPublicKeyIdentity(identity);
                try {
                    session.auth().addListener(af -> {
                        if (af.isSuccess()) {
                            BackendLink link = new BackendLink(backend, session);
                            if (done.complete(link)) {
                                keepAlive(link, request.user());
                            } else {
                                session.close(true);
                            }
                        } else {
                            session.close(true);
                            done.completeExceptionally(af.getException() != null ? af.getException()
                                    : new IOException("certificate refused"));
                        }
                    });
                } catch (IOException e) {
                    session.close(true);
                    done.completeExceptionally(e);
                }
            });
        } catch (Exception e) {
            done.completeExceptionally(e);
        }
        return done;
    }

    /**
     * Sends {@code link} a keepalive every {@code backendLink.keepalive}; a login node that answers
     * none for {@code keepaliveCountMax} of them (its sshd stopped, its machine hung, TCP still
     * open) ends the user's connection with a line saying so, then the link.
     */
    private void keepAlive(BackendLink link, String user) {
        long every = config.keepalive().toMillis();
        if (every <= 0 || closed.get()) {
            return;
        }
        Keepalive count = new Keepalive(config.keepaliveCountMax());
        CompletableFuture<ScheduledFuture<?>> ticks = new CompletableFuture<>();
        Runnable tick = () -> {
            if (!link.isOpen()) {
                ticks.thenAccept(t -> t.cancel(false));
                return;
            }
            java.util.OptionalLong number = count.tick();
            if (number.isEmpty()) {
                ticks.thenAccept(t -> t.cancel(false));
                hung(link, user);
                return;
            }
            sendKeepalive(link, number.getAsLong(), count);
        };
        try {
            ticks.complete(timer.scheduleAtFixedRate(tick, every, every, TimeUnit.MILLISECONDS));
        } catch (java.util.concurrent.RejectedExecutionException e) {
            return; // the connector is closing, and its links with it
        }
        link.onClose(() -> ticks.thenAccept(t -> t.cancel(false)));
    }

    private static void sendKeepalive(BackendLink link, long number, Keepalive count) {
        ClientSession session = link.session();
        try {
            Buffer buffer = session.createBuffer(SshConstants.SSH_MSG_GLOBAL_REQUEST, KEEPALIVE_REQUEST.length() + 16);
            buffer.putString(KEEPALIVE_REQUEST);
            buffer.putBoolean(true);
            session.request(buffer, KEEPALIVE_REQUEST, (cmd, reply) -> count.answered(number));
        } catch (IOException | RuntimeException e) {
            LOG.debug("keepalive {} on {}: {}", number, session, e.toString());
        }
    }

    private void hung(BackendLink link, String user) {
        String node = link.backend().name();
        String reason = "login node " + node + " stopped answering; reconnect to continue";
        LOG.warn("login node {} ({}) answered no keepalive for {} on {}'s link; ending that connection",
                node, link.backend().address(), Durations.show(config.hungAfter()), user);
        link.lost(reason);
        UserConnection owner = UserConnection.carriedOn(link.session());
        CompletableFuture<Void> told;
        try {
            told = owner == null ? CompletableFuture.completedFuture(null) : lost.end(owner.session(), reason);
        } catch (RuntimeException e) {
            told = CompletableFuture.failedFuture(e);
        }
        told.whenComplete((v, e) -> link.session().close(true));
    }

    /** The gateway's own address towards {@code backend}: the certificate is valid only from there. */
    static List<String> sourceAddresses(Backend backend) {
        try (DatagramSocket probe = new DatagramSocket()) {
            probe.connect(new InetSocketAddress(backend.host(), backend.port()));
            InetAddress local = probe.getLocalAddress();
            if (local == null || local.isAnyLocalAddress()) {
                return List.of();
            }
            return List.of(local.getHostAddress() + (local.getAddress().length == 4 ? "/32" : "/128"));
        } catch (IOException | RuntimeException e) {
            LOG.warn("cannot tell the local address towards {}: {}; certificate has no source-address",
                    backend.address(), e.getMessage());
            return List.of();
        }
    }

    private static String reason(Throwable e) {
        return Exceptions.describe(e);
    }

    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            timer.shutdownNow();
            try {
                client.stop();
            } catch (RuntimeException e) {
                LOG.warn("stopping the backend client: {}", e.getMessage());
            }
        }
    }
}
