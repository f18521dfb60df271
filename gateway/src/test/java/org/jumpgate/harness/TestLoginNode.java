package org.jumpgate.harness;

import java.io.IOException;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.PublicKey;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.sshd.common.channel.Channel;
import org.apache.sshd.common.channel.ChannelFactory;
import org.apache.sshd.common.config.keys.KeyUtils;
import org.apache.sshd.common.session.Session;
import org.apache.sshd.core.CoreModuleProperties;
import org.apache.sshd.server.SshServer;
import org.apache.sshd.server.auth.pubkey.PublickeyAuthenticator;
import org.apache.sshd.common.keyprovider.KeyPairProvider;
import org.jumpgate.common.HostPort;
import org.jumpgate.node.NodeServer;

/**
 * A login node in the test's own process, for the gateway to log in to: a MINA server on
 * 127.0.0.1 that trusts user certificates from the gateway's CA whose principals name the user
 * (what a login node's {@code TrustedUserCAKeys} does), and runs exec requests with
 * {@link NodeCommand}, commands written in Java: no OS program ever runs. Sets
 * {@code LOGIN_NODE} to its name in every command's environment.
 *
 * <p>A node can also be made to refuse the gateway's certificate or to drop the connection at
 * authentication, for failover tests; its SSH identification still answers the balancer's probe.
 */
public final class TestLoginNode implements AutoCloseable {

    /** What the node does with the gateway's login. */
    public enum Login {
        /** Accepts certificates of the gateway's CA naming the user. */
        TRUST_CA,
        /** Refuses every key: the gateway's login fails with "permission denied". */
        REFUSE,
        /** Drops the TCP connection when the gateway offers its certificate. */
        DROP
    }

    /**
     * One host key for every test node of the JVM: the gateway pins login node host keys by
     * address in its known_hosts, and a port may come back for another node of the same gateway.
     */
    private static final KeyPair HOST_KEY = hostKey();

    private final String name;
    private final SshServer server;
    private final ExecutorService commands;
    private final Map<String, CompletableFuture<Void>> gates = new ConcurrentHashMap<>();
    private final Map<String, NodeCommand.BulkWrite> writes = new ConcurrentHashMap<>();
    private final AtomicInteger logins;

    private TestLoginNode(String name, SshServer server, ExecutorService commands, AtomicInteger logins) {
        this.name = name;
        this.logins = logins;
        this.server = server;
        this.commands = commands;
    }

    /** A node trusting user certificates of {@code ca}, on a free port of 127.0.0.1. */
    public static TestLoginNode start(String name, PublicKey ca) throws IOException {
        return start(name, ca, Login.TRUST_CA);
    }

    public static TestLoginNode start(String name, PublicKey ca, Login login) throws IOException {
        PublickeyAuthenticator trustsCa = NodeServer.trustingCa(ca);
        AtomicInteger logins = new AtomicInteger();
        SshServer server = NodeServer.create(new HostPort("127.0.0.1", 0), HOST_KEY, (user, key, session) -> {
            logins.incrementAndGet();
            switch (login) {
                case TRUST_CA:
                    return trustsCa.authenticate(user, key, session);
                case DROP:
                    session.close(true);
                    return false;
                default:
                    return false;
            }
        });
        // a command's blocking write waits this long for window before it fails: longer than any
        // test keeps a reader paused, so a stalled write shows as stalled, not as an error
        CoreModuleProperties.WAIT_FOR_SPACE_TIMEOUT.set(server, Duration.ofMinutes(2));
        ExecutorService commands = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "test-node-" + name + "-command");
            t.setDaemon(true);
            return t;
        });
        TestLoginNode node = new TestLoginNode(name, server, commands, logins);
        server.setChannelFactories(List.of(new ChannelFactory() {
            @Override
            public String getName() {
                return "session";
            }

            @Override
            public Channel createChannel(Session session) {
                return new NodeChannel();
            }
        }));
        server.setCommandFactory((channel, command) -> {
            channel.getEnvironment().set("LOGIN_NODE", name);
            return new NodeCommand(command, node);
        });
        try {
            server.start();
        } catch (IOException | RuntimeException e) {
            node.close();
            throw e;
        }
        return node;
    }

    private static KeyPair hostKey() {
        try {
            return KeyUtils.generateKeyPair(KeyPairProvider.SSH_ED25519, 256);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("no ed25519 key pair for the test login nodes", e);
        }
    }

    public String name() {
        return name;
    }

    public int port() {
        return server.getPort();
    }

    /** {@code 127.0.0.1:PORT}, as the gateway's config names it. */
    public String address() {
        return "127.0.0.1:" + port();
    }

    /** How often the gateway offered a key for a login here (attempts, accepted or not). */
    public int loginAttempts() {
        return logins.get();
    }

    /** The gate {@code await NAME} waits for; completing it lets those commands go on. */
    public CompletableFuture<Void> gate(String gateName) {
        return gates.computeIfAbsent(gateName, k -> new CompletableFuture<>());
    }

    /** Opens the gate {@code gateName}. */
    public void open(String gateName) {
        gate(gateName).complete(null);
    }

    /**
     * Stops reading from every connection to this node, as a SIGSTOPped sshd: TCP stays open,
     * nothing sent to the node is read or answered (keepalives included), until {@link #thaw()}.
     */
    public void freeze() {
        server.getActiveSessions().forEach(s -> s.getIoSession().suspendRead());
    }

    /** Reads again from the connections {@link #freeze()} stopped. */
    public void thaw() {
        server.getActiveSessions().forEach(s -> s.getIoSession().resumeRead());
    }

    /** The progress of {@code write NAME ...}, registered when that command starts; null before. */
    public NodeCommand.BulkWrite bulkWrite(String writeName) {
        return writes.get(writeName);
    }

    void register(String writeName, NodeCommand.BulkWrite write) {
        writes.put(writeName, write);
    }

    ExecutorService commands() {
        return commands;
    }

    @Override
    public void close() throws IOException {
        try {
            server.stop(true);
        } finally {
            commands.shutdownNow();
            try {
                if (!commands.awaitTermination(10, TimeUnit.SECONDS)) {
                    throw new IOException("commands of test node " + name + " still running after 10 s");
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
