package org.jumpgate.server;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.sshd.common.keyprovider.KeyPairProvider;
import org.apache.sshd.common.session.Session;
import org.apache.sshd.common.session.SessionListener;
import org.apache.sshd.core.CoreModuleProperties;
import org.apache.sshd.server.forward.RejectAllForwardingFilter;
import org.apache.sshd.server.session.ServerSession;
import org.jumpgate.admin.AdminOps.ReloadResult;
import org.jumpgate.admin.AdminServer;
import org.jumpgate.admin.AdminToken;
import org.jumpgate.audit.AuditEvent;
import org.jumpgate.audit.AuditLog;
import org.jumpgate.auth.Accounts;
import org.jumpgate.auth.GatewayAuth;
import org.jumpgate.auth.SharedLockouts;
import org.jumpgate.auth.RememberedFactors;
import org.jumpgate.auth.UsedCodes;
import org.jumpgate.cluster.AdminStates;
import org.jumpgate.cluster.CpuJobUses;
import org.jumpgate.cluster.Fleet;
import org.jumpgate.cluster.SessionRegistry;
import org.jumpgate.balancer.affinity.Affinity;
import com.github.benmanes.caffeine.cache.Ticker;
import org.jumpgate.backend.BackendConnector;
import org.jumpgate.backend.BackendLink;
import org.jumpgate.backend.BackendUnavailableException;
import org.jumpgate.backend.LinkRequest;
import org.jumpgate.backend.NodeStates;
import org.jumpgate.backend.UserLink;
import org.jumpgate.balancer.Backend;
import org.jumpgate.balancer.Balancer;
import org.jumpgate.balancer.BackendState;
import org.jumpgate.balancer.BackendStatus;
import java.util.HashSet;
import java.util.Set;
import org.jumpgate.common.ConfigException;
import org.jumpgate.config.GatewayConfig;
import org.jumpgate.common.HostPort;
import org.jumpgate.common.HostNames;
import org.jumpgate.config.CpuJobsConfig;
import org.jumpgate.config.PinnedListener;
import org.jumpgate.connection.KeyPolicy;
import org.jumpgate.connection.LoginLink;
import org.jumpgate.connection.UserConnection;
import org.jumpgate.cluster.UserLocks;
import org.jumpgate.cpujobs.CpuJobs;
import org.jumpgate.cpujobs.CpuTarget;
import org.jumpgate.cpujobs.Scheduler;
import org.jumpgate.cpujobs.Slurm;
import org.jumpgate.jobs.JobDirectory;
import org.jumpgate.jump.Jumps;
import org.jumpgate.keys.HostKeys;
import org.jumpgate.keys.UserCa;
import org.jumpgate.limits.ConnectionLimits;
import org.jumpgate.limits.SharedPenalties;
import org.jumpgate.limits.LimitsConfig;
import org.jumpgate.metrics.GatewayMetrics;
import org.jumpgate.relay.Relay;
import org.jumpgate.transport.ProxyProtocol;
import org.jumpgate.transport.Transport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.jspecify.annotations.Nullable;

/**
 * A running gateway. Make one with {@link #builder(GatewayConfig)}.
 *
 * <p>Its parts start in this order, each only once the one before it runs: metrics, audit log,
 * balancer (probing), backend connector, name resolver, job directory, jumps (with the job
 * watcher), connection limits, admin API, listeners. {@link #close()} stops them in the reverse order, so no part
 * stops while another still uses it; a start that fails stops what it had started, in the same
 * order, and nothing is left running.
 */
public final class Gateway implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Gateway.class);

    /**
     * MINA's own bound on authentication requests of one connection, per allowed failure: a backstop
     * behind {@code limits.maxAuthTries} (key queries that pass and partial successes are requests too).
     */
    static final int AUTH_REQUESTS_PER_TRY = 4;
    /** Threads that resolve compute node names (DNS can block; never on an I/O thread). */
    public static final int RESOLVER_THREADS = 4;
    /** Threads that run CPU-job work (the users' Slurm commands, waits for their lock). */
    static final int CPUJOB_THREADS = 4;
    /** What users whose connection is still open at the end of a drain read. */
    static final String SHUTDOWN_REASON = "the gateway is shutting down (restart or maintenance); reconnect to continue";
    /** How long the end of a drain waits for users to have been told why. */
    static final Duration GOODBYE_WAIT = Duration.ofSeconds(3);
    /** The drained login nodes of a gateway without a fleet, in {@code dataDir}. */
    static final String DRAINS_FILE = "drained-login-nodes.json";
    /** Second factors remembered ({@code auth.rememberSecondFactor}), in {@code dataDir}. */
    static final String REMEMBERED_FILE = "remembered-second-factors.json";
    /** The SSH identification this gateway sends (after {@code SSH-2.0-}). */
    public static final String IDENTIFICATION = "jumpgate";

    private final GatewayConfig config;
    private final @Nullable Path configFile;
    private final CloseStack parts = new CloseStack();
    private final PrometheusMeterRegistry registry;
    private final GatewayMetrics metrics;
    private final AuditLog audit;
    private final Balancer balancer;
    private final BackendConnector connector;
    private final ExecutorService resolver;
    private final @Nullable JobDirectory jobs;
    private final @Nullable CpuTarget cpuTarget;
    private final Jumps jumps;
    private final Connections connections;
    private final ConnectionLimits limits;
    private final GatewayAuth auth;
    private final @Nullable Fleet fleet;
    private final @Nullable SessionRegistry fleetSessions;
    private final AdminStates adminStates;
    private final HostKeys hostKeys;
    private final UserCa ca;
    private final AdminServer adminServer;
    private final List<ListeningServer> servers;
    private final AtomicReference<List<Backend>> loginNodes;
    /** The balancers whose PROXY header is read ({@code proxyProtocol.from}); a reload replaces them. */
    private final AtomicReference<List<org.jumpgate.common.Cidr>> proxyFrom;
    private final AtomicBoolean stopped = new AtomicBoolean();
    private volatile boolean draining;

    /** Starts every part in order; on a failure, stops what was started and throws. */
    private Gateway(Builder b) throws IOException, GeneralSecurityException, ConfigException {
        config = b.config;
        configFile = b.configFile;
        loginNodes = new AtomicReference<>(config.backendList());
        proxyFrom = new AtomicReference<>(config.proxyFrom());
        try {
            // Read first: a token file others can read stops the start before anything listens.
            AdminToken adminToken = config.admin().tokenFile() != null
                    ? AdminToken.read(config.admin().tokenFile(), "admin.tokenFile") : null;
            Files.createDirectories(config.dataDir());
            hostKeys = HostKeys.loadOrCreate(config.dataDir());
            ca = UserCa.loadOrCreate(config.dataDir(), b.clock);
            Accounts accounts = config.auth().accounts() != null ? Accounts.load(config.auth().accounts(), b.clock)
                    : Accounts.none();
            registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
            parts.onClose("metrics", registry::close);
            metrics = parts.push("gateway metrics", GatewayMetrics.bind(registry));
            audit = parts.push("audit log", metrics.counting(AuditLog.metered(b.audit != null ? b.audit
                    : config.auditLog() != null ? AuditLog.toFile(config.auditLog(), b.clock)
                    : AuditLog.toLogger(b.clock), registry)));
            fleet = config.cluster() != null
                    ? parts.push("cluster", Fleet.start(config.cluster(), config.cluster().name(), audit, registry)) : null;
            balancer = parts.push("balancer", b.balancer != null ? b.balancer
                    : fleet != null ? Balancer.create(config.balancer(), config.backends(), fleet.affinity(
                            Affinity.create(config.balancer().affinityTtl(), Ticker.systemTicker()),
                            config.balancer().affinityTtl()))
                    : Balancer.create(config.balancer(), config.backends()));
            balancer.start();
            adminStates = parts.push("drains", fleet != null ? fleet.adminStates()
                    : AdminStates.inFile(config.dataDir().resolve(DRAINS_FILE)));
            applyDrains(adminStates.drained());
            adminStates.onChange(this::applyDrains);
            connector = parts.push("backend connector", BackendConnector.start(ca, balancer, config.backendLink(),
                    audit, gatewayName(), Relay.reverseChannels(),
                    (owner, reason) -> owner instanceof ServerSession user ? Relay.endConnection(user, reason)
                            : CompletableFuture.completedFuture(null), new NodeStates() {
                        @Override
                        public List<Backend> taking() {
                            return takingSessions();
                        }

                        @Override
                        public boolean takes(String node, @Nullable String pin) {
                            return takesSessions(node, pin);
                        }
                    }));
            metrics.watch(connector);
            resolver = Executors.newFixedThreadPool(RESOLVER_THREADS, r -> {
                Thread t = new Thread(r, "jumpgate-resolver");
                t.setDaemon(true);
                return t;
            });
            parts.onClose("resolver", resolver::shutdownNow);
            jobs = config.jobs() != null ? parts.push("job directory", JobDirectory.create(config.jobs()).start())
                    : null;
            cpuTarget = config.cpuJobs() != null && jobs != null ? startCpuJobs(config.cpuJobs(), jobs, b.clock) : null;
            jumps = parts.push("jumps", Jumps.create(loginNodes::get, config.compute(), jobs, audit, this::linkFor,
                    resolver, b.clock, cpuTarget));
            LimitsConfig limitsConfig = b.authTimeout != null
                    ? config.limits().withLoginGraceTime(b.authTimeout) : config.limits();
            limits = parts.push("connection limits", ConnectionLimits.start(limitsConfig, proxyFrom::get,
                    b.limitsClock != null ? b.limitsClock : b.clock, audit, registry,
                    fleet != null ? fleet.penalties() : SharedPenalties.none()));
            Clock limitsClock = b.limitsClock != null ? b.limitsClock : b.clock;
            Duration remember = config.auth().rememberSecondFactor();
            RememberedFactors remembered = remember.isZero() ? RememberedFactors.none()
                    : fleet != null ? fleet.rememberedFactors(remember, limitsClock)
                    : RememberedFactors.inFile(config.dataDir().resolve(REMEMBERED_FILE), remember, limitsClock);
            auth = parts.push("authentication", GatewayAuth.create(config.auth(), accounts, audit,
                    b.totpClock != null ? b.totpClock : b.clock, b.clock, limitsClock, limitsConfig.maxAuthTries(),
                    remembered, fleet != null ? fleet.usedCodes(UsedCodes.local()) : UsedCodes.local(),
                    fleet != null ? fleet.lockouts() : SharedLockouts.none()));
            connections = new Connections(audit, b.clock);
            fleetSessions = fleet != null ? parts.push("session registry", fleet.sessions(this::endLocal)) : null;
            Gauge.builder("jumpgate.connections", connections, Connections::count)
                    .description("user connections open now").register(registry);
            new JvmMemoryMetrics().bindTo(registry);
            new JvmThreadMetrics().bindTo(registry);
            metrics.watch(balancer, jobs);
            adminServer = parts.push("admin API", AdminServer.start(config.admin().listen(), new GatewayAdmin(this),
                    registry, false, adminToken));
            List<ListeningServer> listening = new ArrayList<>();
            listening.add(listen(config.listen(), null, null));
            for (PinnedListener l : config.listeners()) {
                listening.add(listen(l.listen(), l.backend(), l.target()));
            }
            servers = List.copyOf(listening);
        } catch (IOException | GeneralSecurityException | RuntimeException e) {
            stopped.set(true);
            parts.close();
            throw e;
        }
    }

    public static Builder builder(GatewayConfig config) {
        return new Builder(config);
    }

    /** Options for a gateway; defaults suit production. */
    public static final class Builder {
        private final GatewayConfig config;
        private Clock clock = Clock.systemUTC();
        private @Nullable Clock totpClock;
        private @Nullable Balancer balancer;
        private @Nullable AuditLog audit;
        private @Nullable Path configFile;
        private @Nullable Duration authTimeout;
        private @Nullable Clock limitsClock;

        private Builder(GatewayConfig config) {
            this.config = Objects.requireNonNull(config, "config");
        }

        /** The wall clock: certificates, account expiry, audit timestamps. */
        public Builder clock(Clock clock) {
            this.clock = clock;
            return this;
        }

        /** The clock one-time codes are checked against (defaults to {@link #clock(Clock)}). */
        public Builder totpClock(Clock clock) {
            this.totpClock = clock;
            return this;
        }

        /** The balancer to use instead of one made from the config (tests pass one on a fake clock). */
        public Builder balancer(Balancer balancer) {
            this.balancer = balancer;
            return this;
        }

        /** The file the config came from, re-read by reload ({@code POST /api/reload}, SIGHUP). */
        public Builder configFile(Path file) {
            this.configFile = file;
            return this;
        }

        /**
         * The clock source penalties, wrong-code lockouts and remembered second factors are measured
         * on (defaults to {@link #clock(Clock)}; tests move it).
         */
        public Builder limitsClock(Clock clock) {
            this.limitsClock = clock;
            return this;
        }

        /** How long a connection may stay unauthenticated, instead of {@code limits.loginGraceTime} (tests shorten it). */
        public Builder authTimeout(Duration timeout) {
            if (timeout.isNegative() || timeout.isZero()) {
                throw new IllegalArgumentException("authTimeout: " + timeout + ", expected > 0");
            }
            this.authTimeout = timeout;
            return this;
        }

        public Builder audit(AuditLog audit) {
            this.audit = audit;
            return this;
        }

        /** Binds the listeners and starts serving; throws with every config problem found. */
        public Gateway start() throws IOException, GeneralSecurityException, ConfigException {
            Gateway gateway = new Gateway(this);
            LOG.info("jumpgate listening on {} ({} login nodes, {} pinned listeners)", gateway.address(),
                    config.backends().size(), config.listeners().size());
            return gateway;
        }
    }

    /**
     * The CPU-job target's parts: its workers (blocking Slurm commands and lock waits, never on an
     * I/O thread), its timer, and the jobs themselves, each closed with the gateway.
     */
    private CpuTarget startCpuJobs(CpuJobsConfig cpu, JobDirectory directory, Clock clock) {
        ExecutorService workers = Executors.newFixedThreadPool(CPUJOB_THREADS, r -> {
            Thread t = new Thread(r, "jumpgate-cpujobs");
            t.setDaemon(true);
            return t;
        });
        parts.onClose("cpu job workers", workers::shutdownNow);
        ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "jumpgate-cpujob-timer");
            t.setDaemon(true);
            return t;
        });
        parts.onClose("cpu job timer", timer::shutdownNow);
        UserLocks locks = fleet != null ? fleet.userLocks() : UserLocks.local();
        CpuJobUses uses = fleet != null ? fleet.cpuJobUses() : CpuJobUses.local();
        Slurm slurm = Slurm.overLinks(who -> connector.connect(
                new LinkRequest(who.user(), who.session(), who.policy(), null, null)));
        CpuJobs cpuJobs = parts.push("cpu jobs", CpuJobs.metered(CpuJobs.start(cpu, slurm, locks, uses, directory,
                audit, workers, Scheduler.of(timer), clock, CpuJobs.POLL), registry));
        return new CpuTarget(cpu.target(), cpuJobs, config.compute(), connector);
    }

    private ListeningServer listen(HostPort address, @Nullable String pin, @Nullable String target)
            throws IOException {
        ListeningServer server = ListeningServer.create();
        Transport.apply(server);
        limits.install(server);
        CoreModuleProperties.MAX_AUTH_REQUESTS.set(server, limits.config().maxAuthTries() * AUTH_REQUESTS_PER_TRY);
        CoreModuleProperties.SERVER_IDENTIFICATION.set(server, IDENTIFICATION);
        server.setHost(address.host());
        server.setPort(address.port());
        server.setKeyPairProvider(KeyPairProvider.wrap(hostKeys.keyPairs()));
        // always: a reload may add balancers (proxyProtocol.from); from anyone else a header is never read
        server.setServerProxyAcceptor(new ProxyProtocol(proxyFrom::get, limits::admitProxied));
        auth.install(server);
        server.setForwardingFilter(RejectAllForwardingFilter.INSTANCE);
        server.setGlobalRequestHandlers(Relay.globalRequests(this::linkFor, audit));
        server.setServiceFactories(List.of(auth.userAuthService(), Relay.connectionService()));
        server.setChannelFactories(List.of(Relay.sessionChannels(this::linkFor, config.auth().acceptEnv(), audit),
                jumps.directTcpip()));
        server.addSessionListener(connections.listener(pin, target));
        SessionRegistry listed = fleetSessions;
        if (listed != null) {
            server.addSessionListener(new SessionListener() {
                @Override
                public void sessionEvent(Session s, Event event) {
                    if (event == Event.Authenticated) {
                        UserConnection c = UserConnection.of(s);
                        listed.add(c.id(), s.getUsername(), c.source(), c.started().toString());
                    }
                }

                @Override
                public void sessionClosed(Session s) {
                    UserConnection c = UserConnection.find(s);
                    listed.remove(c != null ? c.id() : "-");
                }
            });
        }
        server.addSessionListener(metrics.loginTimer());
        try {
            server.start();
        } catch (IOException e) {
            // stop() does nothing for a server that never started: close what start() made
            server.close(true);
            throw new IOException("cannot listen on " + address + ": " + e.getMessage(), e);
        }
        parts.onClose("listener " + address, () -> server.stop(true));
        return server;
    }

    /** This gateway's name in certificate key ids: the host name, even when it does not resolve. */
    static String gatewayName() {
        return HostNames.local();
    }

    private CompletableFuture<BackendLink> linkFor(ServerSession session) {
        UserConnection c = UserConnection.of(session);
        KeyPolicy policy = c.keyPolicy();
        if (policy == null) {
            return CompletableFuture.failedFuture(new BackendUnavailableException("jumpgate: not authenticated"));
        }
        CpuTarget cpu = cpuTarget;
        if (cpu != null && c.target() != null) {
            // a CPU job's compute node: never lingers, never taken again
            UserLink link = c.link(UserLink.class, () -> new UserLink());
            return link.get(() -> cpu.link(session, policy, line -> Relay.progress(session, line)));
        }
        LinkRequest request = new LinkRequest(session.getUsername(), c.id(), policy, c.pin(), c);
        UserLink link = c.link(UserLink.class, () -> new UserLink(l -> connector.release(request, l)));
        return link.get(() -> metrics.timeBackendLink(() -> connector.link(request)));
    }

    /**
     * Whether a new link with {@code pin} could go to {@code node}: balanced, it must be UP and not
     * drained; pinned, it must be the pin and take pinned sessions (UP or DRAIN).
     */
    private boolean takesSessions(String node, @Nullable String pin) {
        if (pin != null && !pin.equals(node)) {
            return false;
        }
        return balancer.backend(node).map(b -> pin != null ? b.state().acceptsPinned()
                : b.state() == BackendState.UP && !b.drained()).orElse(false);
    }

    /** The login nodes taking balanced sessions now (UP, not drained): the backend pool keeps sessions for these. */
    private List<Backend> takingSessions() {
        Set<String> up = new HashSet<>();
        for (BackendStatus b : balancer.backends()) {
            if (b.state() == BackendState.UP && !b.drained()) {
                up.add(b.name());
            }
        }
        return loginNodes.get().stream().filter(b -> up.contains(b.name())).toList();
    }


    /** The address the main listener is bound to (with the real port when 0 was configured). */
    public InetSocketAddress address() {
        return addressOf(servers.get(0));
    }

    /** The addresses of the pinned listeners, in configuration order. */
    public List<InetSocketAddress> pinnedAddresses() {
        return servers.stream().skip(1).map(Gateway::addressOf).toList();
    }

    private static InetSocketAddress addressOf(ListeningServer server) {
        for (SocketAddress a : server.getBoundAddresses()) {
            if (a instanceof InetSocketAddress isa) {
                return isa;
            }
        }
        return new InetSocketAddress(server.getHost(), server.getPort());
    }

    public Balancer balancer() {
        return balancer;
    }

    AuditLog audit() {
        return audit;
    }

    Collection<ServerSession> openSessions() {
        return connections.open();
    }

    boolean accepting() {
        return !stopped.get() && !draining;
    }

    /** The login node a user connection's link is on, or null. */
    static @Nullable String backendOf(UserConnection c) {
        LoginLink link = c.link();
        return link == null ? null : link.backendName();
    }

    /** The job directory, or null when compute jumps are off. */
    public @Nullable JobDirectory jobs() {
        return jobs;
    }

    /** Compute jumps open now (watched for their job's end). */
    public int watchedJumps() {
        return jumps.watchedJumps();
    }

    /** The admin API's port (for tests and the demo). */
    public int adminPort() {
        return adminServer.port();
    }

    public PrometheusMeterRegistry metrics() {
        return registry;
    }

    /**
     * Re-reads the config file and applies what can change while running: the login nodes (added,
     * removed, re-weighted; sessions on kept nodes go on). Anything else needs a restart and is
     * reported as an error without applying anything.
     */
    public synchronized ReloadResult reload() {
        var result = ConfigReload.apply(config, configFile, balancer, audit, loginNodes::set, proxyFrom::set);
        if (result.applied()) {
            LOG.info("reloaded {}", configFile);
        }
        return result;
    }

    /** Makes the balancer's drains what the shared (or persisted) states say. */
    private void applyDrains(java.util.Set<String> drained) {
        for (org.jumpgate.balancer.BackendStatus b : balancer.backends()) {
            if (drained.contains(b.name()) && !b.drained()) {
                balancer.drain(b.name());
            } else if (!drained.contains(b.name()) && b.drained()) {
                balancer.undrain(b.name());
            }
        }
    }

    /**
     * Drains {@code backend} (or ends its drain) for this gateway and, in a fleet, for all; false
     * when there is no such login node.
     *
     * @throws java.io.IOException when the fleet's store cannot take the change (nothing changed)
     */
    boolean setDrained(String backend, boolean drained) throws IOException {
        if (balancer.backends().stream().noneMatch(b -> b.name().equals(backend))) {
            return false;
        }
        adminStates.setDrained(backend, drained);
        return drained ? balancer.drain(backend) : balancer.undrain(backend);
    }

    /**
     * Ends this gateway's user connection {@code id}, telling its user an administrator did (and
     * {@code reason}); false when this gateway has no such connection.
     */
    boolean endLocal(String id, @Nullable String reason) {
        for (ServerSession s : connections.open()) {
            if (UserConnection.of(s).id().equals(id)) {
                audit.record(new AuditEvent.ConnectionKilled(id, s.getUsername(), reason));
                Relay.endConnection(s, "this session was ended by an administrator" + (reason != null ? ": " + reason : ""));
                return true;
            }
        }
        return false;
    }

    /** The fleet's list of connections, or null when this gateway runs on its own. */
    @Nullable SessionRegistry registry() {
        return fleetSessions;
    }

    /** This gateway's fleet, or null when it runs on its own. */
    @Nullable Fleet fleet() {
        return fleet;
    }

    /** Ends what is remembered of {@code user}'s second factor; true when there was something. */
    boolean forget(String user) {
        boolean had = auth.forget(user);
        LOG.info("second factor of {} {}", user, had ? "forgotten: the next connection asks for a code"
                : "was not remembered");
        return had;
    }

    /** Reload on SIGHUP; the audit file is reopened first, whatever the reload does (logrotate's postrotate). */
    public void reloadOnHangup() {
        Signals.onHangup(() -> {
            audit.reopen();
            var r = reload();
            if (!r.applied()) {
                LOG.error("reload refused: {}", r.errors());
            }
        });
    }

    public int port() {
        return address().getPort();
    }

    public HostKeys hostKeys() {
        return hostKeys;
    }

    public UserCa ca() {
        return ca;
    }

    /** User connections open now. */
    public int activeSessions() {
        return connections.count();
    }

    /**
     * Stops accepting, lets open sessions finish until {@code deadline}, then closes what is left.
     * Safe to call more than once.
     */
    public void stop(Duration deadline) {
        if (stopped.get()) {
            return;
        }
        draining = true;
        LOG.info("draining: no new connections; {} open ones may go on for up to {}", connections.count(), deadline);
        for (ListeningServer server : servers) {
            try {
                server.stopAccepting();
            } catch (RuntimeException e) {
                LOG.warn("unbinding the listener: {}", e.getMessage());
            }
        }
        if (!connections.awaitNone(deadline)) {
            LOG.info("drain deadline passed with {} connections open; closing them", connections.count());
            sayGoodbye(SHUTDOWN_REASON);
        }
        close();
    }

    /** Tells every open connection why it is cut, and waits (bounded) until the words are on their way. */
    private void sayGoodbye(String reason) {
        List<CompletableFuture<Void>> said = connections.open().stream()
                .map(s -> Relay.endConnection(s, reason).exceptionally(e -> null))
                .toList();
        try {
            CompletableFuture.allOf(said.toArray(CompletableFuture[]::new))
                    .get(GOODBYE_WAIT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException | TimeoutException e) {
            LOG.debug("telling users why their connection ends: {}", e.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Closes every part now, in the reverse order of their start: listeners (and with them every
     * user connection), admin API, jumps, job directory, resolver, backend connector (first the
     * lingering links and the pooled sessions, then every other link), balancer, audit log,
     * metrics. Safe to call more than once.
     */
    @Override
    public void close() {
        if (!stopped.compareAndSet(false, true)) {
            return;
        }
        parts.close();
        LOG.info("jumpgate stopped");
    }
}
