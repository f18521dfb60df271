package org.jumpgate.backend;

import java.io.IOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.security.KeyPair;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import com.github.benmanes.caffeine.cache.Ticker;
import org.apache.sshd.client.SshClient;
import org.apache.sshd.client.auth.password.PasswordIdentityProvider;
import org.apache.sshd.client.auth.pubkey.UserAuthPublicKeyFactory;
import org.apache.sshd.client.config.hosts.HostConfigEntryResolver;
import org.apache.sshd.client.keyverifier.AcceptAllServerKeyVerifier;
import org.apache.sshd.client.keyverifier.KnownHostsServerKeyVerifier;
import org.apache.sshd.client.keyverifier.RejectAllServerKeyVerifier;
import org.apache.sshd.client.session.ClientSession;
import org.apache.sshd.common.AttributeRepository.AttributeKey;
import org.apache.sshd.common.SshConstants;
import org.apache.sshd.common.future.GlobalRequestFuture.ReplyHandler;
import org.apache.sshd.common.channel.ChannelFactory;
import org.apache.sshd.common.session.Session;
import org.apache.sshd.common.session.SessionListener;
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
import org.jumpgate.transport.KemKeys;
import org.jumpgate.transport.Transport;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Makes backend links: asks the selector for candidates, then for each, until one works,
 * connects, checks the login node's host key against known_hosts, and logs in with a fresh
 * certificate. Everything is asynchronous: no I/O thread ever waits here.
 *
 * <p>Two shortcuts, each off when configured so: a user connection's link whose connection ended
 * {@link #release lingers} ({@code backendLink.linger}) for the same user's next connection with
 * the same key policy and pin to {@link #link take}; and a {@link KexPool pool} of sessions per
 * login node whose key exchange is done ({@code backendLink.pool}), so a new link only logs in.
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
    private final Map<String, List<String>> sources = new ConcurrentHashMap<>();
    private final ParkedLinks<BackendLink> parked;
    private final KexPool<ClientSession> pool;
    private final NodeStates nodes;
    private final KemKeys kemKeys;

    /** The user name a pooled session is opened with; replaced by the real one before it logs in. */
    static final String POOL_USER = "jumpgate-pool";
    /** On every client session: completes when its first key exchange is done, fails if it closes first. */
    private static final AttributeKey<CompletableFuture<Void>> KEXED = new AttributeKey<>();

    private BackendConnector(SshClient client, UserCa ca, BackendSelector selector, BackendLinkConfig config,
                             AuditLog audit, String gatewayName, LinkLost lost, NodeStates nodes, KemKeys kemKeys) {
        this.client = client;
        this.kemKeys = kemKeys;
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
        this.nodes = nodes;
        this.parked = new ParkedLinks<>(config.linger(), Ticker.systemTicker(), new ParkedLinks.Links<>() {
            @Override
            public boolean usable(BackendLink link) {
                return link.isOpen() && link.lingerRefused() == null;
            }

            @Override
            public void close(BackendLink link) {
                link.close();
            }
        });
        this.pool = new KexPool<>(config.pool().size(), config.pool().maxAge(), Ticker.systemTicker(),
                new KexPool.Sessions<>() {
                    @Override
                    public CompletableFuture<ClientSession> open(Backend node) {
                        return kexed(node);
                    }

                    @Override
                    public boolean usable(ClientSession session) {
                        return session.isOpen() && !session.isClosing();
                    }

                    @Override
                    public void close(ClientSession session) {
                        session.close(true);
                    }
                });
    }

    private void startTimers() {
        if (config.lingers()) {
            long every = ParkedLinks.SWEEP_EVERY.toMillis();
            timer.scheduleWithFixedDelay(parked::sweep, every, every, TimeUnit.MILLISECONDS);
        }
        if (pool.on()) {
            timer.execute(this::refillPool);
            long every = KexPool.REFILL_EVERY.toMillis();
            timer.scheduleWithFixedDelay(this::refillPool, every, every, TimeUnit.MILLISECONDS);
        }
    }

    private void refillPool() {
        try {
            pool.refill(nodes.taking());
        } catch (RuntimeException e) {
            LOG.warn("refilling the backend session pool: {}", e.toString());
        }
    }

    /**
     * @param reverseChannels channel types login nodes may open back on a link (forwarded-tcpip,
     *                        agent, X11), each bridged to the link's owner
     * @param lost            ends the user connection of a link whose login node stopped answering
     *                        its keepalives ({@code backendLink.keepalive}, {@code keepaliveCountMax})
     * @param nodes           the login nodes' states: the pool keeps sessions only for those taking
     *                        sessions, a lingering link is taken again only where a new one could go
     */
    public static BackendConnector start(UserCa ca, BackendSelector selector, BackendLinkConfig config,
                                         AuditLog audit, String gatewayName,
                                         List<? extends ChannelFactory> reverseChannels,
                                         LinkLost lost, NodeStates nodes) {
        SshClient client = SshClient.setUpDefaultClient();
        client.setChannelFactories(reverseChannels);
        Transport.apply(client);
        if (!config.kex().isEmpty()) {
            Transport.offerKeyExchange(client, config.kex());
        }
        KemKeys kemKeys = KemKeys.reused(config.kemKeyReuse().uses(), config.kemKeyReuse().maxAge(), Clock.systemUTC());
        kemKeys.offerTo(client);
        client.setHostConfigEntryResolver(HostConfigEntryResolver.EMPTY);
        client.setKeyIdentityProvider(KeyIdentityProvider.EMPTY_KEYS_PROVIDER);
        client.setPasswordIdentityProvider(PasswordIdentityProvider.EMPTY_PASSWORDS_PROVIDER);
        client.setUserAuthFactories(List.of(UserAuthPublicKeyFactory.INSTANCE));
        client.setServerKeyVerifier(new KnownHostsServerKeyVerifier(
                config.strict() ? RejectAllServerKeyVerifier.INSTANCE : AcceptAllServerKeyVerifier.INSTANCE,
                config.knownHosts()));
        CoreModuleProperties.IO_CONNECT_TIMEOUT.set(client, config.connectTimeout());
        client.addSessionListener(new SessionListener() {
            @Override
            public void sessionCreated(Session session) {
                session.setAttribute(KEXED, new CompletableFuture<>());
            }

            @Override
            public void sessionEvent(Session session, Event event) {
                CompletableFuture<Void> kexed = session.getAttribute(KEXED);
                if (event == Event.KeyEstablished && kexed != null) {
                    kexed.complete(null);
                }
            }

            @Override
            public void sessionClosed(Session session) {
                CompletableFuture<Void> kexed = session.getAttribute(KEXED);
                if (kexed != null) {
                    kexed.completeExceptionally(new IOException("closed before its key exchange was done"));
                }
            }
        });
        client.start();
        BackendConnector connector = new BackendConnector(client, ca, selector, config, audit, gatewayName, lost,
                nodes, kemKeys);
        connector.startTimers();
        return connector;
    }

    /**
     * A link for a user connection's {@code request} (its owner set): a lingering one of the same
     * user, key policy and pin whose login node still takes such sessions, else a new one
     * ({@link #connect}).
     */
    public CompletableFuture<BackendLink> link(LinkRequest request) {
        UserConnection owner = request.owner();
        if (owner != null && config.lingers()) {
            ParkedLinks.Parked<BackendLink> p = parked.take(LinkKey.of(request), l -> l.openChannels() == 0
                    && nodes.takes(l.backend().name(), request.pin()));
            if (p != null) {
                // one round trip proves the login node still answers on it (a hung node's links
                // look open until their keepalives fail); no answer: it goes, and a new link is made
                return answers(p.link()).thenCompose(alive -> {
                    if (alive) {
                        return CompletableFuture.completedFuture(reuse(request, owner, p));
                    }
                    LOG.info("{}'s lingering link to {} did not answer within {}; logging in anew", request.user(),
                            p.link().backend().name(), Durations.show(REUSE_ANSWER_WITHIN));
                    p.link().session().close(true);
                    return connect(request);
                });
            }
        }
        return connect(request);
    }

    /** How long a lingering link's login node has to answer before the link is given to a new connection. */
    static final Duration REUSE_ANSWER_WITHIN = Duration.ofSeconds(2);

    /** Completes with true when the login node answers a keepalive on {@code link}, false after {@link #REUSE_ANSWER_WITHIN}. */
    private CompletableFuture<Boolean> answers(BackendLink link) {
        CompletableFuture<Boolean> answered = new CompletableFuture<>();
        try {
            ScheduledFuture<?> timeout = timer.schedule(() -> answered.complete(false),
                    REUSE_ANSWER_WITHIN.toMillis(), TimeUnit.MILLISECONDS);
            answered.whenComplete((v, e) -> timeout.cancel(false));
            keepalive(link.session(), (cmd, reply) -> answered.complete(link.isOpen()));
        } catch (IOException | RuntimeException e) {
            answered.complete(false);
        }
        return answered;
    }

    private BackendLink reuse(LinkRequest request, UserConnection owner, ParkedLinks.Parked<BackendLink> p) {
        BackendLink link = p.link();
        Backend backend = link.backend();
        owner.carriedBy(link.session());
        String from = link.servedSession();
        link.serves(request.sessionId());
        link.account(selector.sessionStarted(backend.name(), request.user()));
        long idle = parked.parkedFor(p).toMillis();
        LOG.debug("{}'s connection {} takes the lingering link to {} of {} (idle {} ms)", request.user(),
                request.sessionId(), backend.name(), from, idle);
        audit.record(new AuditEvent.BackendReused(request.user(), request.sessionId(), backend.name(),
                backend.address(), from, idle));
        return link;
    }


    /**
     * The user connection of {@code request} ended and no longer needs {@code link}: it lingers for
     * the next one ({@code backendLink.linger}) unless lingering is off or the link carried
     * something that must not outlive its connection ({@link BackendLink#noLinger}), or has a
     * channel still open; else it closes. Never blocks (called on I/O threads).
     */
    public void release(LinkRequest request, BackendLink link) {
        String refused = link.lingerRefused();
        if (!config.lingers() || closed.get() || refused != null || !link.isOpen()) {
            if (refused != null && config.lingers()) {
                LOG.debug("{}'s link to {} does not linger: {}", request.user(), link.backend().name(), refused);
            }
            link.close();
            return;
        }
        UserConnection.carriedByNone(link.session());
        link.account(null);
        if (!parked.park(LinkKey.of(request), link)) {
            link.close();
            return;
        }
        link.onClose(() -> parked.forget(link));
        if (closed.get()) {
            parked.close(); // the connector closed while this one parked
        }
    }

    /** Links taken again from those lingering since the start ({@code jumpgate_backend_links_reused_total}). */
    public long linksReused() {
        return parked.reused();
    }

    /** sntrup761 key pairs generated for key exchanges with login nodes ({@code backendLink.kemKeyReuse}). */
    public long kemKeysGenerated() {
        return kemKeys.generated();
    }

    /** Links lingering now, waiting for their user's next connection. */
    public int linksLingering() {
        return parked.size();
    }

    /** Links that took a pooled session (key exchange done) since the start. */
    public long poolHits() {
        return pool.hits();
    }

    /** Links to a login node for which the pool had no ready session, since the start. */
    public long poolMisses() {
        return pool.misses();
    }

    /** Pooled sessions ready now, all login nodes together. */
    public int poolSize() {
        return pool.size();
    }

    /** Whether the pool is on ({@code backendLink.pool.size} above zero). */
    public boolean pooling() {
        return pool.on();
    }

    /** A pooled session to {@code backend}, or null; the pool is refilled at once on the timer, off this thread. */
    private @Nullable ClientSession takePooled(Backend backend) {
        if (!pool.on()) {
            return null;
        }
        ClientSession session = pool.take(backend);
        try {
            timer.execute(this::refillPool);
        } catch (RejectedExecutionException e) {
            // closing: nothing to refill
        }
        return session;
    }

    /** A session to {@code node} whose key exchange is done, for the pool; fails within {@code connectTimeout}. */
    private CompletableFuture<ClientSession> kexed(Backend node) {
        CompletableFuture<ClientSession> done = new CompletableFuture<>();
        if (closed.get()) {
            done.completeExceptionally(new IOException("connector closed"));
            return done;
        }
        ScheduledFuture<?> timeout;
        try {
            timeout = timer.schedule(() -> {
                done.completeExceptionally(new IOException("no key exchange within " + config.connectTimeout()));
            }, config.connectTimeout().toMillis(), TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException e) {
            done.completeExceptionally(e);
            return done;
        }
        done.whenComplete((s, e) -> timeout.cancel(false));
        try {
            client.connect(POOL_USER, node.host(), node.port()).addListener(cf -> {
                if (!cf.isConnected()) {
                    done.completeExceptionally(cf.getException() != null ? cf.getException()
                            : new IOException("connect failed"));
                    return;
                }
                ClientSession session = cf.getSession();
                CompletableFuture<Void> kexed = session.getAttribute(KEXED);
                if (kexed == null) {
                    session.close(true);
                    done.completeExceptionally(new IOException("session without a key exchange watch"));
                    return;
                }
                kexed.whenComplete((v, e) -> {
                    if (e != null || !done.complete(session)) {
                        session.close(true);
                        done.completeExceptionally(e != null ? e : new IOException("timed out"));
                    }
                });
            });
        } catch (IOException | RuntimeException e) {
            done.completeExceptionally(e);
        }
        return done;
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
        return attempt(request, node, null).exceptionallyCompose(e -> CompletableFuture.failedFuture(
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
        attempt(request, backend, takePooled(backend)).whenComplete((link, error) -> {
            if (error == null) {
                link.account(selector.sessionStarted(backend.name(), request.user()));
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

    /**
     * Logs in to {@code backend} on {@code pooled}, a pooled session whose key exchange is done, or
     * on a new connection when it is null; a pooled session that fails before the login node
     * answered (closed meanwhile: the node restarted, its LoginGraceTime passed) is retried once on a
     * new connection.
     */
    private CompletableFuture<BackendLink> attempt(LinkRequest request, Backend backend,
                                                   @Nullable ClientSession pooled) {
        if (pooled == null) {
            return attemptOn(request, backend, null);
        }
        return attemptOn(request, backend, pooled).exceptionallyCompose(e -> {
            if (Exceptions.unwrap(e) instanceof CertificateRefused || closed.get()) {
                return CompletableFuture.failedFuture(e);
            }
            LOG.debug("pooled session to {} failed ({}); logging in on a new connection", backend.name(), reason(e));
            return attemptOn(request, backend, null);
        });
    }

    /** The login node refused the certificate (not a transport failure: no second try). */
    static final class CertificateRefused extends IOException {
        private static final long serialVersionUID = 1L;

        CertificateRefused(String message, @Nullable Throwable cause) {
            super(message, cause);
        }
    }

    private CompletableFuture<BackendLink> attemptOn(LinkRequest request, Backend backend,
                                                     @Nullable ClientSession pooled) {
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
            CompletableFuture<ClientSession> connected = new CompletableFuture<>();
            if (pooled != null) {
                pooled.setUsername(request.user());
                connected.complete(pooled);
            } else {
                client.connect(request.user(), backend.host(), backend.port()).addListener(cf -> {
                    if (cf.isConnected()) {
                        connected.complete(cf.getSession());
                    } else {
                        connected.completeExceptionally(cf.getException() != null ? cf.getException()
                                : new IOException("connect failed"));
                    }
                });
            }
            connected.whenComplete((session, connectError) -> {
                if (connectError != null) {
                    done.completeExceptionally(connectError);
                    return;
                }
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
                            BackendLink link = new BackendLink(backend, session, request.sessionId());
                            if (done.complete(link)) {
                                keepAlive(link, request.user());
                            } else {
                                session.close(true);
                            }
                        } else {
                            // still open: the login node answered and refused; closed: the transport failed
                            boolean answered = session.isOpen() && !session.isClosing();
                            session.close(true);
                            Throwable cause = af.getException();
                            done.completeExceptionally(!answered && cause != null ? cause
                                    : new CertificateRefused(cause != null && cause.getMessage() != null
                                            ? cause.getMessage() : "certificate refused", cause));
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
            OptionalLong number = count.tick();
            if (number.isEmpty()) {
                ticks.thenAccept(t -> t.cancel(false));
                hung(link, user);
                return;
            }
            sendKeepalive(link, number.getAsLong(), count);
        };
        try {
            ticks.complete(timer.scheduleAtFixedRate(tick, every, every, TimeUnit.MILLISECONDS));
        } catch (RejectedExecutionException e) {
            return; // the connector is closing, and its links with it
        }
        link.onClose(() -> ticks.thenAccept(t -> t.cancel(false)));
    }

    private static void sendKeepalive(BackendLink link, long number, Keepalive count) {
        ClientSession session = link.session();
        try {
            keepalive(session, (cmd, reply) -> count.answered(number));
        } catch (IOException | RuntimeException e) {
            LOG.debug("keepalive {} on {}: {}", number, session, e.toString());
        }
    }

    /** Sends OpenSSH's {@code keepalive@openssh.com} global request; {@code answered} runs on the login node's reply. */
    private static void keepalive(ClientSession session, ReplyHandler answered) throws IOException {
        Buffer buffer = session.createBuffer(SshConstants.SSH_MSG_GLOBAL_REQUEST, KEEPALIVE_REQUEST.length() + 16);
        buffer.putString(KEEPALIVE_REQUEST);
        buffer.putBoolean(true);
        session.request(buffer, KEEPALIVE_REQUEST, answered);
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
            parked.close();
            pool.close();
            try {
                client.stop();
            } catch (RuntimeException e) {
                LOG.warn("stopping the backend client: {}", e.getMessage());
            }
        }
    }
}
