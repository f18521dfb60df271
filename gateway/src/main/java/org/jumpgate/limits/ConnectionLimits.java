package org.jumpgate.limits;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.apache.sshd.common.AttributeRepository.AttributeKey;
import org.apache.sshd.common.SshConstants;
import org.apache.sshd.common.io.IoSession;
import org.apache.sshd.common.session.Session;
import org.apache.sshd.common.session.SessionListener;
import org.apache.sshd.common.util.buffer.ByteArrayBuffer;
import org.apache.sshd.core.CoreModuleProperties;
import org.apache.sshd.server.SshServer;
import org.jumpgate.audit.AuditEvent.SourcePenalised;
import org.jumpgate.audit.AuditLog;
import org.jumpgate.common.Cidr;
import org.jumpgate.common.Durations;
import org.jumpgate.common.PrintableText;
import org.jumpgate.connection.UserConnection;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The limits of one gateway, put on each of its SSH listeners with {@link #install}: admission at
 * accept (penalties, then {@code MaxStartups} and {@code PerSourceMaxStartups}), the login grace
 * timer, and the penalty an unauthenticated connection earns when it ends. Connections from the
 * PROXY-protocol balancers ({@code proxyProtocol.from}) are judged by the client address their
 * header names, through {@link #admitProxied}; the balancers themselves are never penalised.
 */
public final class ConnectionLimits implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ConnectionLimits.class);

    /** What a refused connection reads before it is closed (OpenSSH says "Not allowed at this time"). */
    static final String REFUSAL_LINE = "jumpgate: not allowed at this time\r\n";
    /** Each kind of line (refusals, grace time, bad input) is logged at most this often per {@link #LOG_WINDOW}. */
    static final int LOG_LINES = 10;
    static final Duration LOG_WINDOW = Duration.ofMinutes(1);
    /** A connection cut for its grace time is closed this long after it was told why, whatever it does. */
    static final Duration GOODBYE = Duration.ofSeconds(2);
    /** The longest client-supplied text put in a log line. */
    static final int MAX_LOGGED_TEXT = 120;

    static final AttributeKey<Ticket> TICKET = new AttributeKey<>();
    /** The {@code reason} tags of {@code jumpgate_connections_refused_total}. */
    static final List<String> REFUSAL_REASONS = List.of("penalty", "max_startups", "per_source");

    private final LimitsConfig config;
    private final java.util.function.Supplier<List<Cidr>> proxyFrom;
    private final Startups startups;
    private final Blocks blocks;
    private final Penalties penalties;
    private final ScheduledThreadPoolExecutor timer;
    private final MeterRegistry registry;
    private final LogBudget refusalLog;
    private final LogBudget graceLog;
    private final LogBudget errorLog;

    private ConnectionLimits(LimitsConfig config, java.util.function.Supplier<List<Cidr>> proxyFrom, Clock clock,
                             AuditLog audit,
                             MeterRegistry registry, SharedPenalties shared) {
        this.config = config;
        this.proxyFrom = proxyFrom;
        SecureRandom random = new SecureRandom();
        this.startups = new Startups(config.maxStartups(), config.perSourceMaxStartups(), random::nextInt);
        this.blocks = new Blocks(config.perSourceNetBlock());
        this.penalties = Penalties.local(config.penalties(), config.perSourceNetBlock(), proxyFrom, clock, a -> {
            LOG.info("refusing connections from {} for {}: {}", a.block(), Durations.show(a.outstanding()),
                    a.kind().reason());
            audit.record(new SourcePenalised(a.block().toString(), a.kind().key(), a.outstanding().toSeconds()));
        }, shared);
        this.timer = new ScheduledThreadPoolExecutor(1, r -> {
            Thread t = new Thread(r, "jumpgate-limits");
            t.setDaemon(true);
            return t;
        });
        timer.setRemoveOnCancelPolicy(true);
        this.registry = registry;
        this.refusalLog = new LogBudget(LOG_LINES, LOG_WINDOW, clock);
        this.graceLog = new LogBudget(LOG_LINES, LOG_WINDOW, clock);
        this.errorLog = new LogBudget(LOG_LINES, LOG_WINDOW, clock);
        for (String reason : REFUSAL_REASONS) {
            refused(reason); // from the start, so dashboards see 0 rather than nothing
        }
        Gauge.builder("jumpgate.connections.unauthenticated", startups, Startups::total)
                .description("connections accepted and not yet authenticated").register(registry);
        Gauge.builder("jumpgate.penalties.active", penalties, Penalties::active)
                .description("source address blocks refused at accept now (PerSourcePenalties)").register(registry);
    }

    /**
     * Limits on {@code clock} (penalties' time); {@code proxyFrom} gives the balancers whose PROXY
     * header is read now (a reload may change them).
     */
    public static ConnectionLimits start(LimitsConfig config, java.util.function.Supplier<List<Cidr>> proxyFrom,
                                         Clock clock, AuditLog audit,
                                         MeterRegistry registry) {
        return start(config, proxyFrom, clock, audit, registry, SharedPenalties.none());
    }

    /** {@link #start(LimitsConfig, java.util.function.Supplier, Clock, AuditLog, MeterRegistry)} in a fleet: penalties shared through {@code shared}. */
    public static ConnectionLimits start(LimitsConfig config, java.util.function.Supplier<List<Cidr>> proxyFrom,
                                         Clock clock, AuditLog audit, MeterRegistry registry,
                                         SharedPenalties shared) {
        return new ConnectionLimits(config, proxyFrom, clock, audit, registry, shared);
    }

    /** Puts the limits on {@code server} (before it starts): admission, grace timer, accept backlog. */
    public void install(SshServer server) {
        server.setSessionFactory(new LimitedSessionFactory(server, this));
        server.addSessionListener(new Tracker());
        CoreModuleProperties.SOCKET_BACKLOG.set(server, config.backlog());
        // MINA's own timer (restarted at the ssh-userauth service) is only a backstop behind ours
        CoreModuleProperties.AUTH_TIMEOUT.set(server, config.loginGraceTime().multipliedBy(2));
    }

    public LimitsConfig config() {
        return config;
    }

    /** Admits a connection at accept, or writes it the refusal line and throws. */
    Ticket admit(IoSession io) throws IOException {
        InetAddress peer = address(io.getRemoteAddress());
        boolean balancer = peer != null && proxyFrom.get().stream().anyMatch(c -> c.contains(peer));
        if (peer != null && !balancer) {
            String penalty = penalties.refusal(peer);
            if (penalty != null) {
                throw refuse(io, peer, "penalty", penalty);
            }
        }
        Startups.Refusal full = startups.tryTakeGlobal();
        if (full != null) {
            throw refuse(io, peer, "max_startups", full.reason() + " (" + config.maxStartups() + ")");
        }
        Ticket ticket = new Ticket(startups, peer, true);
        if (peer != null && !balancer) {
            Cidr block = blocks.of(peer);
            Startups.Refusal perSource = startups.tryTakeSource(block);
            if (perSource != null) {
                ticket.release();
                throw refuse(io, peer, "per_source", perSource.reason() + " (" + config.perSourceMaxStartups() + ")");
            }
            ticket.holdsSource(block);
        }
        return ticket;
    }

    /**
     * For the PROXY protocol reader: the connection's real client is {@code client}; throws (and the
     * connection is closed) when that client is penalised or holds all its unauthenticated slots.
     */
    public void admitProxied(Session session, InetAddress client) throws IOException {
        Ticket ticket = session.getAttribute(TICKET);
        if (ticket == null) {
            return;
        }
        ticket.proxiedFrom(client);
        String penalty = penalties.refusal(client);
        if (penalty != null) {
            throw refuse(session.getIoSession(), client, "penalty", penalty);
        }
        Cidr block = blocks.of(client);
        if (startups.tryTakeSource(block) != null) {
            throw refuse(session.getIoSession(), client, "per_source",
                    "PerSourceMaxStartups (" + config.perSourceMaxStartups() + ")");
        }
        if (!ticket.holdsSource(block)) {
            startups.releaseSource(block);
        }
    }

    private IOException refuse(IoSession io, @Nullable InetAddress peer, String kind, String reason) {
        refused(kind).increment();
        long held = refusalLog.spend();
        if (held >= 0) {
            LOG.info("refused a connection from {}: {}{}", peer == null ? io.getRemoteAddress() : peer.getHostAddress(),
                    reason, LogBudget.suffix(held));
        }
        try {
            io.writeBuffer(new ByteArrayBuffer(REFUSAL_LINE.getBytes(StandardCharsets.US_ASCII)));
        } catch (IOException e) {
            LOG.debug("telling a refused connection why: {}", e.toString());
        }
        return new Refused(reason);
    }

    private Counter refused(String reason) {
        return Counter.builder("jumpgate.connections.refused").tag("reason", reason)
                .description("connections closed at accept by the limits").register(registry);
    }

    /** One line for a connection ended because of what its client sent or its network did. */
    void closedOnError(Session session, Throwable t) {
        long held = errorLog.spend();
        if (held >= 0) {
            Ticket ticket = session.getAttribute(TICKET);
            Object who = ticket != null && ticket.source() != null ? ticket.source().getHostAddress()
                    : session.getRemoteAddress();
            LOG.info("closed the connection from {} ({}): {}{}", who,
                    session.isAuthenticated() ? session.getUsername() : "unauthenticated",
                    PrintableText.of(String.valueOf(t.getMessage()), MAX_LOGGED_TEXT), LogBudget.suffix(held));
        }
    }

    private void graceExpired(Session session, Ticket ticket) {
        if (session.isAuthenticated() || !session.isOpen()) {
            return;
        }
        ticket.graceExceeded();
        long held = graceLog.spend();
        if (held >= 0) {
            LOG.info("login grace time of {} exceeded by {} before authenticating; closing{}",
                    Durations.show(config.loginGraceTime()), ticket.source() == null ? session.getRemoteAddress()
                            : ticket.source().getHostAddress(), LogBudget.suffix(held));
        }
        if (session.getSessionId() == null) {
            session.close(true); // no keys yet: nothing can be said to it
            return;
        }
        try {
            session.disconnect(SshConstants.SSH2_DISCONNECT_BY_APPLICATION, "jumpgate: login grace time of "
                    + Durations.show(config.loginGraceTime()) + " exceeded before authentication");
        } catch (IOException | RuntimeException e) {
            session.close(true);
            return;
        }
        timer.schedule(() -> session.close(true), GOODBYE.toMillis(), TimeUnit.MILLISECONDS);
    }

    private static @Nullable InetAddress address(SocketAddress a) {
        return a instanceof InetSocketAddress isa ? isa.getAddress() : null;
    }

    /** Stops the grace timers; connections still open are the listeners' to close. */
    @Override
    public void close() {
        timer.shutdownNow();
    }

    /** Follows each admitted connection: grace timer from creation, slots given back at authentication, penalty at close. */
    private final class Tracker implements SessionListener {
        @Override
        public void sessionCreated(Session session) {
            Ticket ticket = session.getAttribute(TICKET);
            if (ticket != null && !timer.isShutdown()) {
                ticket.graceTimer(timer.schedule(() -> graceExpired(session, ticket),
                        config.loginGraceTime().toMillis(), TimeUnit.MILLISECONDS));
            }
        }

        @Override
        public void sessionEvent(Session session, Event event) {
            Ticket ticket = session.getAttribute(TICKET);
            if (event == Event.Authenticated && ticket != null) {
                ticket.authenticated();
            }
        }

        @Override
        public void sessionClosed(Session session) {
            Ticket ticket = session.getAttribute(TICKET);
            if (ticket == null) {
                return;
            }
            ticket.release();
            UserConnection connection = UserConnection.find(session);
            Penalty ending = ticket.ending(connection == null ? 0 : connection.authFailures());
            if (ending != null && ticket.source() != null) {
                penalties.penalise(ticket.source(), ending);
            }
        }
    }

    /** A connection refused at accept: expected, so no stack trace. */
    static final class Refused extends IOException {
        private static final long serialVersionUID = 1L;

        Refused(String reason) {
            super("refused: " + reason);
        }

        @Override
        public synchronized Throwable fillInStackTrace() {
            return this;
        }
    }
}
