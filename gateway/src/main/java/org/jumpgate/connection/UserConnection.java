package org.jumpgate.connection;

import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import org.apache.sshd.common.AttributeRepository.AttributeKey;
import org.apache.sshd.common.session.Session;
import org.apache.sshd.server.session.ServerSession;
import org.jspecify.annotations.Nullable;

/**
 * One user connection: what it is (id, accept time, the listener's pin, the user's session) from
 * the start, and what happens to it later (the key policy that authenticated it, a remembered
 * second factor, failed attempts, its login-node link, why channel opens were refused). One per
 * user session, under one attribute key; thread-safe (MINA's I/O threads, the second-factor pool
 * and the backend connector all read and write it).
 */
public final class UserConnection {

    /** On a user's session: its connection. */
    private static final AttributeKey<UserConnection> KEY = new AttributeKey<>();
    /**
     * On a login-node link's client session (another MINA session, made by {@code backend}): the
     * user connection it carries, to which the channels the login node opens back go.
     */
    private static final AttributeKey<UserConnection> CARRIED = new AttributeKey<>();

    private final ServerSession session;
    private final String id;
    private final Instant started;
    private final @Nullable String pin;
    private final @Nullable String target;
    private volatile @Nullable KeyPolicy keyPolicy;
    private volatile boolean factorRemembered;
    private final AtomicInteger authFailures = new AtomicInteger();
    private final AtomicReference<@Nullable LoginLink> link = new AtomicReference<>();
    private final Map<Long, String> refusals = new ConcurrentHashMap<>();

    private UserConnection(ServerSession session, String id, Instant started, @Nullable String pin,
                           @Nullable String target) {
        this.session = session;
        this.id = Objects.requireNonNull(id, "id");
        this.started = Objects.requireNonNull(started, "started");
        this.pin = pin;
        this.target = target;
    }

    /**
     * Makes {@code session}'s connection and puts it on the session (when MINA creates it).
     *
     * @param id      a short random id naming it in the audit log, certificate key ids and the admin API
     * @param started when it was accepted
     * @param pin     the login node its listener sends it to, or null
     * @param target  the CPU-job target its listener binds it to, or null
     */
    public static UserConnection open(ServerSession session, String id, Instant started, @Nullable String pin,
                                      @Nullable String target) {
        UserConnection c = new UserConnection(session, id, started, pin, target);
        session.setAttribute(KEY, c);
        return c;
    }

    /** {@code session}'s connection; every user session of the gateway has one from its creation. */
    public static UserConnection of(Session session) {
        UserConnection c = session.getAttribute(KEY);
        if (c == null) {
            throw new IllegalStateException("not a user connection of this gateway: " + session);
        }
        return c;
    }

    /** {@code session}'s connection, or null when it has none (a session of another server). */
    public static @Nullable UserConnection find(Session session) {
        return session.getAttribute(KEY);
    }

    /** Marks {@code linkSession}, a login-node client session, as carrying this connection. */
    public void carriedBy(Session linkSession) {
        linkSession.setAttribute(CARRIED, this);
    }

    /** Marks {@code linkSession} as carrying no connection (it lingers): channels it opens back are refused. */
    public static void carriedByNone(Session linkSession) {
        linkSession.removeAttribute(CARRIED);
    }

    /** The user connection {@code linkSession} carries ({@link #carriedBy}), or null. */
    public static @Nullable UserConnection carriedOn(Session linkSession) {
        return linkSession.getAttribute(CARRIED);
    }

    public ServerSession session() {
        return session;
    }

    public String id() {
        return id;
    }

    public Instant started() {
        return started;
    }

    /** The login node this connection's listener is pinned to, or null. */
    public @Nullable String pin() {
        return pin;
    }

    /**
     * The CPU-job target this connection's listener binds it to ({@code listeners[].target}), or
     * null: its sessions go to the user's CPU job, and their link may wait for the job to run.
     */
    public @Nullable String target() {
        return target;
    }

    /** The user name the client gave (null before its first authentication request). */
    public @Nullable String user() {
        return session.getUsername();
    }

    /** The user's address: the PROXY header's when a trusted load balancer sent one, else the peer's. */
    public SocketAddress client() {
        SocketAddress proxied = session.getClientAddress();
        return proxied != null ? proxied : session.getRemoteAddress();
    }

    /** The user's address as text (no DNS lookup): {@code 192.0.2.7:50022}. */
    public String source() {
        SocketAddress a = client();
        if (a instanceof InetSocketAddress isa) {
            return isa.getAddress() != null ? isa.getAddress().getHostAddress() + ":" + isa.getPort() : isa.toString();
        }
        return String.valueOf(a);
    }

    /** A public key's signature verified: {@code policy} is what it allows from now on. */
    public void keyPassed(KeyPolicy policy) {
        this.keyPolicy = Objects.requireNonNull(policy, "policy");
    }

    /** The policy of the key that passed, or null before one did. */
    public @Nullable KeyPolicy keyPolicy() {
        return keyPolicy;
    }

    /** The key that passed, from this address, skips the second factor (it was remembered). */
    public void rememberFactor() {
        factorRemembered = true;
    }

    public boolean factorRemembered() {
        return factorRemembered;
    }

    /** Counts one failed authentication attempt ({@code MaxAuthTries}); returns how many there have been. */
    public int authFailed() {
        return authFailures.incrementAndGet();
    }

    /** Failed authentication attempts so far. */
    public int authFailures() {
        return authFailures.get();
    }

    /**
     * The connection's login-node link as {@code type}, made with {@code make} on first use; one
     * per connection, shared by all its channels.
     *
     * @throws ClassCastException when the link there is not a {@code type}
     */
    public <L extends LoginLink> L link(Class<L> type, Supplier<? extends L> make) {
        LoginLink l = link.get();
        if (l == null) {
            L made = make.get();
            l = link.compareAndExchange(null, made);
            if (l == null) {
                return made;
            }
        }
        return type.cast(l);
    }

    /** The connection's login-node link, or null when no channel asked for one yet. */
    public @Nullable LoginLink link() {
        return link.get();
    }

    /** Leaves {@code reason} for the open failure the connection will send for channel {@code recipient}. */
    public void refuseChannel(long recipient, String reason) {
        refusals.put(recipient, reason);
    }

    /** The reason left for channel {@code recipient}'s open failure, removed; null when none was. */
    public @Nullable String takeRefusal(long recipient) {
        return refusals.remove(recipient);
    }

    @Override
    public String toString() {
        return "UserConnection[" + id + " " + source() + "]";
    }
}
