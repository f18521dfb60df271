package org.jumpgate.harness;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.PublicKey;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.apache.sshd.client.SshClient;
import org.apache.sshd.client.auth.keyboard.UserAuthKeyboardInteractiveFactory;
import org.apache.sshd.client.auth.keyboard.UserInteraction;
import org.apache.sshd.client.auth.password.PasswordIdentityProvider;
import org.apache.sshd.client.auth.pubkey.UserAuthPublicKeyFactory;
import org.apache.sshd.client.channel.ChannelExec;
import org.apache.sshd.client.channel.ClientChannelEvent;
import org.apache.sshd.client.config.hosts.HostConfigEntryResolver;
import org.apache.sshd.client.session.ClientSession;
import org.apache.sshd.common.channel.exception.SshChannelOpenException;
import org.apache.sshd.common.config.keys.KeyUtils;
import org.apache.sshd.common.keyprovider.KeyIdentityProvider;
import org.apache.sshd.common.session.ConnectionService;

/**
 * The user's side, as MINA's own tests drive a server: an {@link SshClient} that knows only the
 * gateway's host keys, offers only the key it is given, and answers the verification-code prompt
 * with the codes it is given. Every wait is bounded by {@link #WAIT}.
 */
public final class UserClient implements AutoCloseable {

    /** The bound on every wait: connect, authenticate, open, close. */
    public static final Duration WAIT = Duration.ofSeconds(20);

    private final SshClient client;
    private final InetSocketAddress gateway;

    private UserClient(SshClient client, InetSocketAddress gateway) {
        this.client = client;
        this.gateway = gateway;
    }

    /** A client for the gateway at {@code gateway}, trusting only {@code hostKeys}. */
    public static UserClient start(InetSocketAddress gateway, Collection<PublicKey> hostKeys) {
        return start(gateway, hostKeys, c -> { });
    }

    /** {@link #start(InetSocketAddress, Collection)} with {@code setup} applied before the client starts (e.g. its ciphers). */
    public static UserClient start(InetSocketAddress gateway, Collection<PublicKey> hostKeys, Consumer<SshClient> setup) {
        List<PublicKey> trusted = List.copyOf(hostKeys);
        SshClient client = SshClient.setUpDefaultClient();
        client.setServerKeyVerifier((session, remote, key) -> trusted.stream().anyMatch(k -> KeyUtils.compareKeys(k, key)));
        client.setHostConfigEntryResolver(HostConfigEntryResolver.EMPTY);
        client.setKeyIdentityProvider(KeyIdentityProvider.EMPTY_KEYS_PROVIDER);
        client.setPasswordIdentityProvider(PasswordIdentityProvider.EMPTY_PASSWORDS_PROVIDER);
        client.setUserAuthFactories(List.of(UserAuthPublicKeyFactory.INSTANCE, UserAuthKeyboardInteractiveFactory.INSTANCE));
        setup.accept(client);
        client.start();
        return new UserClient(client, gateway);
    }

    /**
     * What one login showed the user: the session when it succeeded, else why not; the
     * authentication banners the gateway sent; the prompts it asked.
     */
    public record Login(ClientSession session, Throwable failure, List<String> banners, List<String> prompts) {
        public boolean succeeded() {
            return session != null;
        }
    }

    /** A connection as {@code user} that has only done key exchange: nothing is authenticated. */
    public ClientSession connect(String user) throws IOException {
        ClientSession session = client.connect(user, gateway).verify(WAIT).getSession();
        session.waitFor(EnumSet.of(ClientSession.ClientSessionEvent.WAIT_AUTH,
                ClientSession.ClientSessionEvent.CLOSED), WAIT);
        return session;
    }

    /**
     * Logs in as {@code user} with {@code key}, answering the n-th verification-code prompt with
     * the n-th of {@code codes} (and giving up when they run out). A failed login's session is closed.
     */
    public Login login(String user, KeyPair key, List<String> codes) throws IOException {
        return login(user, key, codes, null);
    }

    /** {@link #login(String, KeyPair, List)} from the local address {@code from} (e.g. 127.0.0.2), or any when null. */
    public Login login(String user, KeyPair key, List<String> codes, InetSocketAddress from) throws IOException {
        ClientSession session = client.connect(user, gateway, null, from).verify(WAIT).getSession();
        List<String> banners = new CopyOnWriteArrayList<>();
        List<String> prompts = new CopyOnWriteArrayList<>();
        Iterator<String> answers = new ArrayList<>(codes).iterator();
        session.setUserInteraction(new UserInteraction() {
            @Override
            public boolean isInteractionAllowed(ClientSession s) {
                return true;
            }

            @Override
            public void welcome(ClientSession s, String banner, String lang) {
                banners.add(banner);
            }

            @Override
            public String[] interactive(ClientSession s, String name, String instruction, String lang,
                                        String[] prompt, boolean[] echo) {
                prompts.addAll(List.of(prompt));
                if (prompt.length == 0) {
                    return new String[0];
                }
                synchronized (answers) {
                    return answers.hasNext() ? new String[] {answers.next()} : null;
                }
            }

            @Override
            public String getUpdatedPassword(ClientSession s, String prompt, String lang) {
                return null;
            }
        });
        session.addPublicKeyIdentity(key);
        try {
            session.auth().verify(WAIT);
            return new Login(session, null, List.copyOf(banners), List.copyOf(prompts));
        } catch (IOException | RuntimeException e) {
            session.close(true);
            return new Login(null, e, List.copyOf(banners), List.copyOf(prompts));
        }
    }

    /** What a command showed the user. */
    public record ExecResult(Integer exitStatus, String exitSignal, byte[] stdoutBytes, String stderr) {
        public String stdout() {
            return new String(stdoutBytes, StandardCharsets.UTF_8);
        }

        @Override
        public String toString() {
            return "exit status " + exitStatus + ", signal " + exitSignal + ", stdout [" + stdout() + "], stderr ["
                    + stderr + "]";
        }
    }

    /**
     * Runs {@code command} on a new channel of {@code session}: {@code env} sent first as env
     * requests, {@code stdin} (or nothing, and no EOF, when null) as its input; returns once the
     * channel closed.
     */
    public static ExecResult exec(ClientSession session, String command, Map<String, ?> env, byte[] stdin)
            throws IOException {
        try (ChannelExec channel = session.createExecChannel(command, null, env)) {
            return run(channel, stdin);
        }
    }

    /**
     * Runs {@code command} as a client that answers the login node's EOF with CLOSE at once, before
     * the exit status (as ControlMaster clients and {@code plink -share} do), after sending its own
     * EOF: {@code stdin} first. Returns once the channel closed.
     */
    public static ExecResult execClosingOnEof(ClientSession session, String command, byte[] stdin) throws IOException {
        try (ChannelExec channel = new ChannelExec(command, null, Map.of()) {
            @Override
            public void handleEof() throws IOException {
                super.handleEof();
                close(false);
            }
        }) {
            session.getService(ConnectionService.class).registerChannel(channel);
            return run(channel, stdin);
        }
    }

    private static ExecResult run(ChannelExec channel, byte[] stdin) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        channel.setOut(out);
        channel.setErr(err);
        if (stdin != null) {
            channel.setIn(new ByteArrayInputStream(stdin));
        }
        channel.open().verify(WAIT);
        awaitClosed(channel);
        return new ExecResult(channel.getExitStatus(), channel.getExitSignal(), out.toByteArray(),
                err.toString(StandardCharsets.UTF_8));
    }

    /** Waits until {@code channel} is closed; fails after {@link #WAIT}. */
    public static void awaitClosed(ChannelExec channel) throws IOException {
        Set<ClientChannelEvent> events = channel.waitFor(EnumSet.of(ClientChannelEvent.CLOSED), WAIT);
        if (!events.contains(ClientChannelEvent.CLOSED)) {
            throw new IOException("channel " + channel + " not closed within " + WAIT + ": " + events);
        }
    }

    /**
     * The text of the open failure the gateway sent when a {@code session} channel (exec
     * {@code command}) would not open; fails if the channel opened.
     */
    public static String openFailure(ClientSession session, String command) throws IOException {
        try (ChannelExec channel = session.createExecChannel(command)) {
            try {
                channel.open().verify(WAIT);
            } catch (IOException | RuntimeException e) {
                for (Throwable t = e; t != null; t = t.getCause()) {
                    if (t instanceof SshChannelOpenException open) {
                        return open.getMessage();
                    }
                }
                throw e;
            }
            throw new AssertionError("the channel opened");
        }
    }

    @Override
    public void close() {
        client.stop();
    }
}
