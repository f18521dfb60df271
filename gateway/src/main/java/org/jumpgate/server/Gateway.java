package org.jumpgate.server;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.security.GeneralSecurityException;
import java.time.Clock;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.sshd.common.keyprovider.KeyPairProvider;
import org.apache.sshd.core.CoreModuleProperties;
import org.apache.sshd.server.forward.RejectAllForwardingFilter;
import org.apache.sshd.server.session.ServerSession;
import org.jumpgate.audit.AuditLog;
import org.jumpgate.auth.Accounts;
import org.jumpgate.auth.GatewayAuth;
import org.jumpgate.auth.KeyPolicy;
import org.jumpgate.auth.SessionAuth;
import org.jumpgate.backend.BackendConnector;
import org.jumpgate.backend.BackendLink;
import org.jumpgate.backend.BackendUnavailableException;
import org.jumpgate.backend.LinkRequest;
import org.jumpgate.backend.UserLink;
import org.jumpgate.balancer.Balancer;
import org.jumpgate.config.ConfigException;
import org.jumpgate.config.GatewayConfig;
import org.jumpgate.config.HostPort;
import org.jumpgate.config.PinnedListener;
import org.jumpgate.keys.HostKeys;
import org.jumpgate.keys.UserCa;
import org.jumpgate.relay.Relay;
import org.jumpgate.transport.Transport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** A running gateway. Make one with {@link #builder(GatewayConfig)}. */
public final class Gateway implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Gateway.class);

    /** Unauthenticated connections are cut after this long. */
    public static final Duration AUTH_TIMEOUT = Duration.ofSeconds(60);
    /** Authentication requests allowed on one connection. */
    public static final int MAX_AUTH_REQUESTS = 10;
    /** Threads that resolve compute node names (DNS can block; never on an I/O thread). */
    public static final int RESOLVER_THREADS = 4;
    /** What users whose connection is still open at the end of a drain read. */
    static final String SHUTDOWN_REASON = "the gateway is shutting down (restart or maintenance); reconnect to continue";
    /** How long the end of a drain waits for users to have been told why. */
    static final Duration GOODBYE_WAIT = Duration.ofSeconds(3);
    /** The SSH identification this gateway sends (after {@code SSH-2.0-}). */
    public static final String IDENTIFICATION = "jumpgate";



    private final GatewayConfig config;
    private final List<ListeningServer> servers = new java.util.concurrent.CopyOnWriteArrayList<>();
    private final Balancer balancer;
    private final BackendConnector connector;
    private final AuditLog audit;
    private final HostKeys hostKeys;
    private final UserCa ca;
    private final Connections connections;
    private final AtomicBoolean stopped = new AtomicBoolean();
    private volatile boolean draining;

    private final io.micrometer.prometheusmetrics.PrometheusMeterRegistry registry;
    private volatile Path configFile;
    private volatile org.jumpgate.admin.AdminServer adminServer;
    private volatile List<org.jumpgate.balancer.Backend> loginNodes;
    private volatile org.jumpgate.jobs.JobDirectory jobs;
    private volatile org.jumpgate.jump.Jumps jumps;
    private final java.util.concurrent.ExecutorService resolver = java.util.concurrent.Executors.newFixedThreadPool(
            RESOLVER_THREADS, r -> {
                Thread t = new Thread(r, "jumpgate-resolver");
                t.setDaemon(true);
                return t;
            });

    private Gateway(GatewayConfig config, Balancer balancer, BackendConnector connector, AuditLog audit,
                    HostKeys hostKeys, UserCa ca, io.micrometer.prometheusmetrics.PrometheusMeterRegistry registry,
                    Clock clock) {
        this.config = config;
        this.balancer = balancer;
        this.connector = connector;
        this.audit = audit;
        this.hostKeys = hostKeys;
        this.ca = ca;
        this.registry = registry;
        this.connections = new Connections(audit, clock);
        io.micrometer.core.instrument.Gauge.builder("jumpgate.connections", connections, Connections::count)
                .description("user connections open now").register(registry);
        new io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics().bindTo(registry);
        new io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics().bindTo(registry);
    }

    public static Builder builder(GatewayConfig config) {
        return new Builder(config);
    }

    /** Options for a gateway; defaults suit production. */
    public static final class Builder {
        private final GatewayConfig config;
        private Clock clock = Clock.systemUTC();
        private Clock totpClock;
        private Balancer balancer;
        private AuditLog audit;
        private Path configFile;

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

        public Builder audit(AuditLog audit) {
            this.audit = audit;
            return this;
        }

        /** Binds the listener and starts serving; throws with every config problem found. */
        public Gateway start() throws IOException, GeneralSecurityException, ConfigException {
            return Gateway.start(this);
        }
    }

    private static Gateway start(Builder b) throws IOException, GeneralSecurityException, ConfigException {
        GatewayConfig config = b.config;
        java.nio.file.Files.createDirectories(config.dataDir());
        HostKeys hostKeys = HostKeys.loadOrCreate(config.dataDir());
        UserCa ca = UserCa.loadOrCreate(config.dataDir(), b.clock);
        Accounts accounts = config.auth().accounts() != null ? Accounts.load(config.auth().accounts(), b.clock)
                : Accounts.none();
        var registry = new io.micrometer.prometheusmetrics.PrometheusMeterRegistry(
                io.micrometer.prometheusmetrics.PrometheusConfig.DEFAULT);
        AuditLog audit = AuditLog.metered(b.audit != null ? b.audit
                : config.auditLog() != null ? AuditLog.toFile(config.auditLog(), b.clock) : AuditLog.toLogger(b.clock),
                registry);
        Balancer balancer = b.balancer != null ? b.balancer : Balancer.create(config.balancer(), config.backends());
        balancer.start();
        BackendConnector connector = BackendConnector.start(ca, balancer, config.backendLink(), audit,
                gatewayName(), Relay.reverseChannels());
        Gateway gateway = new Gateway(config, balancer, connector, audit, hostKeys, ca, registry, b.clock);
        gateway.configFile = b.configFile;
        gateway.loginNodes = config.backendList();
        try {
            if (config.jobs() != null) {
                gateway.jobs = org.jumpgate.jobs.JobDirectory.create(config.jobs()).start();
            }
            gateway.jumps = org.jumpgate.jump.Jumps.create(() -> gateway.loginNodes, config.compute(), gateway.jobs,
                    audit, gateway::linkFor, gateway.resolver, b.clock);
            gateway.adminServer = org.jumpgate.admin.AdminServer.start(config.admin(), new GatewayAdmin(gateway),
                    gateway.registry);
            gateway.listen(config.listen(), null, accounts, b);
            for (PinnedListener l : config.listeners()) {
                gateway.listen(l.listen(), l.backend(), accounts, b);
            }
        } catch (IOException | RuntimeException e) {
            gateway.close();
            throw e;
        }
        LOG.info("jumpgate listening on {} ({} login nodes, {} pinned listeners)", gateway.address(),
                config.backends().size(), config.listeners().size());
        return gateway;
    }

    private void listen(HostPort address, String pin, Accounts accounts, Builder b) throws IOException {
        ListeningServer server = ListeningServer.create();
        Transport.apply(server);
        CoreModuleProperties.AUTH_TIMEOUT.set(server, AUTH_TIMEOUT);
        CoreModuleProperties.MAX_AUTH_REQUESTS.set(server, MAX_AUTH_REQUESTS);
        CoreModuleProperties.SERVER_IDENTIFICATION.set(server, IDENTIFICATION);
        server.setHost(address.host());
        server.setPort(address.port());
        server.setKeyPairProvider(KeyPairProvider.wrap(hostKeys.keyPairs()));
        if (!config.proxyFrom().isEmpty()) {
            server.setServerProxyAcceptor(new org.jumpgate.transport.ProxyProtocol(config.proxyFrom()));
        }
        GatewayAuth.install(server, config.auth(), accounts, audit, b.totpClock != null ? b.totpClock : b.clock,
                b.clock);
        server.setForwardingFilter(RejectAllForwardingFilter.INSTANCE);
        server.setGlobalRequestHandlers(Relay.globalRequests(this::linkFor, audit));
        server.setServiceFactories(List.of(GatewayAuth.userAuthService(), Relay.connectionService()));
        server.setChannelFactories(List.of(Relay.sessionChannels(this::linkFor, config.auth().acceptEnv(), audit),
                jumps.directTcpip()));
        server.addSessionListener(connections.listener(pin));
        try {
            server.start();
        } catch (IOException e) {
            throw new IOException("cannot listen on " + address + ": " + e.getMessage(), e);
        }
        servers.add(server);
    }

    /** This gateway's name in certificate key ids: the host name, even when it does not resolve. */
    static String gatewayName() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (IOException e) {
            String env = System.getenv("HOSTNAME");
            return env != null && !env.isBlank() ? env : "jumpgate";
        }
    }

    private CompletableFuture<BackendLink> linkFor(ServerSession session) {
        KeyPolicy policy = session.getAttribute(SessionAuth.KEY_POLICY);
        if (policy == null) {
            return CompletableFuture.failedFuture(new BackendUnavailableException("jumpgate: not authenticated"));
        }
        UserLink link = session.computeAttributeIfAbsent(Connections.LINK, k -> new UserLink());
        return link.get(() -> connector.connect(
                new LinkRequest(session.getUsername(), SessionAuth.sessionId(session), policy,
                        session.getAttribute(Connections.PIN), session)));
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

    java.util.Collection<ServerSession> openSessions() {
        return connections.open();
    }

    boolean accepting() {
        return !stopped.get() && !draining;
    }

    /** The login node a user connection's link is on, or null. */
    static String backendOf(ServerSession s) {
        UserLink link = s.getAttribute(Connections.LINK);
        return link == null ? null : link.backendName();
    }

    /** The job directory, or null when compute jumps are off. */
    public org.jumpgate.jobs.JobDirectory jobs() {
        return jobs;
    }

    /** Compute jumps open now (watched for their job's end). */
    public int watchedJumps() {
        return jumps == null ? 0 : jumps.watchedJumps();
    }

    /** The admin API's port (for tests and the demo). */
    public int adminPort() {
        return adminServer.port();
    }

    public io.micrometer.prometheusmetrics.PrometheusMeterRegistry metrics() {
        return registry;
    }

    /**
     * Re-reads the config file and applies what can change while running: the login nodes (added,
     * removed, re-weighted; sessions on kept nodes go on). Anything else needs a restart and is
     * reported as an error without applying anything.
     */
    public synchronized org.jumpgate.admin.AdminOps.ReloadResult reload() {
        var result = ConfigReload.apply(config, configFile, balancer, audit, nodes -> loginNodes = nodes);
        if (result.applied()) {
            LOG.info("reloaded {}", configFile);
        }
        return result;
    }

    /** Reload on SIGHUP. */
    public void reloadOnHangup() {
        Signals.onHangup(() -> {
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
                    .get(GOODBYE_WAIT.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
            LOG.debug("telling users why their connection ends: {}", e.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Closes the listener and every session now. Safe to call more than once. */
    @Override
    public void close() {
        if (!stopped.compareAndSet(false, true)) {
            return;
        }
        for (ListeningServer server : servers) {
            try {
                server.stop(true);
            } catch (IOException e) {
                LOG.warn("stopping the server: {}", e.getMessage());
            }
        }
        if (adminServer != null) {
            adminServer.close();
        }
        connector.close();
        balancer.close();
        if (jumps != null) {
            jumps.close();
        }
        if (jobs != null) {
            jobs.close();
        }
        resolver.shutdownNow();
        audit.close();
        LOG.info("jumpgate stopped");
    }
}
