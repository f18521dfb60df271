package org.jumpgate.harness;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.PublicKey;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;
import org.apache.sshd.client.session.ClientSession;
import org.apache.sshd.common.config.keys.KeyUtils;
import org.apache.sshd.common.config.keys.PublicKeyEntry;
import org.apache.sshd.common.keyprovider.KeyPairProvider;
import org.jumpgate.auth.Totp;
import org.jumpgate.balancer.BackendState;
import org.jumpgate.config.ConfigLoader;
import org.jumpgate.keys.HostKeys;
import org.jumpgate.keys.UserCa;
import org.jumpgate.server.Gateway;
import org.jumpgate.testing.ManualClock;
import org.jspecify.annotations.Nullable;

/**
 * A real {@link Gateway} on 127.0.0.1 (any free port), its config written to a test directory,
 * in front of {@link TestLoginNode}s that trust its user CA, with users whose one-time codes come
 * from a {@link ManualClock} the harness moves one 30 s step per login (no waiting for steps),
 * an in-memory audit log, and a {@link UserClient}. Needs no root and runs no OS program.
 * {@link #close()} stops all of it.
 */
public final class GatewayHarness implements AutoCloseable {

    private final Path dir;
    /**
     * Tests log in from 127.0.0.1 again and again, refused ones too: unless a test writes its own
     * {@code limits:}, that address is exempt from penalties (127.0.0.2 and others are not).
     */
    static final String LOOPBACK_EXEMPT = "limits:\n  perSourcePenalties:\n    exempt: [\"127.0.0.1/32\"]\n";

    private final ManualClock totpClock = new ManualClock();
    private final ManualClock limitsClock = new ManualClock();
    private final RecordingAuditLog audit = new RecordingAuditLog();
    private final Map<String, TestLoginNode> nodes = new LinkedHashMap<>();
    private final List<ClientSession> sessions = new CopyOnWriteArrayList<>();
    private Gateway gateway;
    private UserClient client;

    private GatewayHarness(Path dir) {
        this.dir = dir;
    }

    /** How long the first probes of the login nodes may take at start (the default interval is seconds). */
    private static final Duration FIRST_PROBES = Duration.ofSeconds(20);

    /** A harness writing its config, keys and secrets under {@code dir}. */
    public static Builder in(Path dir) {
        return new Builder(dir);
    }

    /** The login nodes, accounts and config of a harness to start. */
    public static final class Builder {
        private final Path dir;
        private final Map<String, TestLoginNode.Login> nodes = new LinkedHashMap<>();
        private String accounts;
        private String yaml = "";
        private String linkYaml = "";
        private @Nullable Duration authTimeout;

        private Builder(Path dir) {
            this.dir = dir;
        }

        /** A login node that trusts the gateway's CA. Nodes are listed in the config in the order added. */
        public Builder node(String name) {
            return node(name, TestLoginNode.Login.TRUST_CA);
        }

        /** A login node that treats the gateway's login as {@code login} says. */
        public Builder node(String name, TestLoginNode.Login login) {
            nodes.put(name, login);
            return this;
        }

        /** A login node that is down: its address is a port nothing listens on. */
        public Builder downNode(String name) {
            nodes.put(name, null);
            return this;
        }

        /** An accounts file ({@code auth.accounts}) with this content. */
        public Builder accounts(String content) {
            this.accounts = content;
            return this;
        }

        /** How long the gateway lets a connection stay unauthenticated. */
        public Builder authTimeout(Duration timeout) {
            this.authTimeout = timeout;
            return this;
        }

        /** Lines under {@code backendLink:} (indented, e.g. {@code "  keepalive: 1s\n"}). */
        public Builder backendLink(String lines) {
            this.linkYaml = lines;
            return this;
        }

        /** YAML appended to the config (top-level sections not written otherwise, e.g. {@code balancer:}). */
        public Builder yaml(String extra) {
            this.yaml = extra;
            return this;
        }

        public GatewayHarness start() throws Exception {
            GatewayHarness h = new GatewayHarness(dir);
            try {
                h.start(this);
                return h;
            } catch (Exception | Error e) {
                try {
                    h.close();
                } catch (IOException | RuntimeException suppressed) {
                    e.addSuppressed(suppressed);
                }
                throw e;
            }
        }
    }

    private void start(Builder b) throws Exception {
        Path data = dir.resolve("data");
        Files.createDirectories(dir.resolve("keys"));
        Files.createDirectories(dir.resolve("totp"));
        Keys.copyInto(data);
        // the CA the gateway loads from its data directory, read first so the nodes can trust it
        PublicKey ca = PublicKeyEntry.parsePublicKeyEntry(UserCa.loadOrCreate(data, Clock.systemUTC()).publicKeyLine())
                .resolvePublicKey(null, null, null);
        StringBuilder backends = new StringBuilder("backends:\n");
        for (Map.Entry<String, TestLoginNode.Login> e : b.nodes.entrySet()) {
            String address;
            if (e.getValue() == null) {
                address = "127.0.0.1:" + freePort();
            } else {
                TestLoginNode node = TestLoginNode.start(e.getKey(), ca, e.getValue());
                nodes.put(e.getKey(), node);
                address = node.address();
            }
            backends.append("  - name: ").append(e.getKey()).append("\n    address: \"").append(address).append("\"\n");
        }
        Path config = dir.resolve("jumpgate.yaml");
        String accountsLine = "";
        if (b.accounts != null) {
            Files.writeString(dir.resolve("accounts.yaml"), b.accounts);
            accountsLine = "  accounts: " + dir.resolve("accounts.yaml") + "\n";
        }
        Files.writeString(config, "listen: \"127.0.0.1:0\"\n"
                + "dataDir: " + data + "\n"
                + "auth:\n"
                + "  methods: \"publickey,keyboard-interactive\"\n"
                + "  authorizedKeys: " + dir.resolve("keys/%u") + "\n"
                + "  totpSecrets: " + dir.resolve("totp/%u") + "\n"
                + accountsLine
                + "admin:\n  listen: \"127.0.0.1:0\"\n"
                + "backendLink:\n  connectTimeout: 5s\n" + b.linkYaml
                + backends
                + (b.yaml.contains("limits:") ? "" : LOOPBACK_EXEMPT)
                + b.yaml);
        Gateway.Builder gb = Gateway.builder(ConfigLoader.load(config)).configFile(config).totpClock(totpClock)
                .limitsClock(limitsClock).audit(audit);
        if (b.authTimeout != null) {
            gb.authTimeout(b.authTimeout);
        }
        gateway = gb.start();
        // login nodes take no session before their first probe: tests start once every node is decided
        await().atMost(FIRST_PROBES).until(() -> gateway.balancer().backends().stream()
                .noneMatch(n -> n.state() == BackendState.CHECKING));
        client = UserClient.start(gateway.address(), gateway.hostKeys().keyPairs().stream().map(KeyPair::getPublic)
                .toList());
    }

    /**
     * Host keys and a user CA made once per JVM and copied (0600, as made) into each harness's data
     * directory: an RSA 3072 host key takes seconds to make on a busy machine, and a gateway
     * loads keys it finds unchanged.
     */
    private static final class Keys {
        private static Path template;

        static synchronized void copyInto(Path data) throws IOException, GeneralSecurityException {
            if (template == null) {
                Path t = Files.createTempDirectory("jumpgate-harness-keys-");
                t.toFile().deleteOnExit();
                HostKeys.loadOrCreate(t);
                UserCa.loadOrCreate(t, Clock.systemUTC());
                try (Stream<Path> files = Files.list(t)) {
                    files.forEach(f -> f.toFile().deleteOnExit()); // deleted before the directory
                }
                template = t;
            }
            Files.createDirectories(data);
            try (Stream<Path> files = Files.list(template)) {
                for (Path f : files.toList()) {
                    Files.copy(f, data.resolve(f.getFileName()), StandardCopyOption.COPY_ATTRIBUTES);
                }
            }
        }
    }

    /** A port of 127.0.0.1 nothing listened on a moment ago. */
    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    /** A user with a fresh ed25519 key in their authorized_keys and a fresh TOTP secret. */
    public TestUser user(String name) throws Exception {
        KeyPair key = KeyUtils.generateKeyPair(KeyPairProvider.SSH_ED25519, 256);
        Files.writeString(dir.resolve("keys").resolve(name), PublicKeyEntry.toString(key.getPublic()) + " " + name + "@test\n");
        String secret = Totp.newSecret();
        org.jumpgate.keys.KeyFiles.writeSecret(dir.resolve("totp").resolve(name), secret + "\n"); // 0600, as StrictModes wants
        return new TestUser(name, key, secret);
    }

    /**
     * A user with a fresh ed25519 key in their authorized_keys and no TOTP secret yet, as before
     * {@code jumpgate totp enroll}: returns their key.
     */
    public KeyPair userWithoutSecret(String name) throws Exception {
        KeyPair key = KeyUtils.generateKeyPair(KeyPairProvider.SSH_ED25519, 256);
        Files.writeString(dir.resolve("keys").resolve(name), PublicKeyEntry.toString(key.getPublic()) + " " + name + "@test\n");
        return key;
    }

    /** The config file the gateway was started from (commands such as {@code totp enroll} read it). */
    public Path configFile() {
        return dir.resolve("jumpgate.yaml");
    }

    /** A key no user has. */
    public static KeyPair strangerKey() throws Exception {
        return KeyUtils.generateKeyPair(KeyPairProvider.SSH_ED25519, 256);
    }

    /** Moves the code clock to the next 30 s step and returns {@code user}'s code for it (each code is accepted once). */
    public String nextCode(TestUser user) {
        return user.codeAt(totpClock.advance(Totp.STEP));
    }

    /** A six-digit code that is none of {@code user}'s codes the gateway accepts now. */
    public String wrongCode(TestUser user) {
        long step = Totp.step(totpClock.instant());
        Totp totp = Totp.fromBase32(user.totpSecret());
        Set<String> accepted = Set.of(totp.code(step - 1), totp.code(step), totp.code(step + 1));
        for (String c : List.of("000000", "111111", "222222", "333333")) {
            if (!accepted.contains(c)) {
                return c;
            }
        }
        throw new IllegalStateException("four codes accepted at once");
    }

    /** Logs {@code user} in with their key and their next code; fails if that does not work. */
    public ClientSession login(TestUser user) throws IOException {
        UserClient.Login login = client.login(user.name(), user.key(), List.of(nextCode(user)));
        if (!login.succeeded()) {
            throw new AssertionError(user.name() + " could not log in: " + login, login.failure());
        }
        sessions.add(login.session());
        return login.session();
    }

    /** One login as it happened: {@code key} offered, {@code codes} given to the prompts. */
    public UserClient.Login tryLogin(String user, KeyPair key, String... codes) throws IOException {
        UserClient.Login login = client.login(user, key, List.of(codes));
        if (login.succeeded()) {
            sessions.add(login.session());
        }
        return login;
    }

    /** {@link #tryLogin} from the local address {@code from} (127.0.0.2 is another source than the harness's own). */
    public UserClient.Login tryLoginFrom(String from, String user, KeyPair key, String... codes) throws IOException {
        UserClient.Login login = client.login(user, key, List.of(codes), new InetSocketAddress(from, 0));
        if (login.succeeded()) {
            sessions.add(login.session());
        }
        return login;
    }

    /** {@code ssh mila COMMAND} as {@code user}: a login, one exec channel, the session closed. */
    public UserClient.ExecResult exec(TestUser user, String command) throws IOException {
        return exec(user, command, Map.of(), null);
    }

    public UserClient.ExecResult exec(TestUser user, String command, Map<String, String> env, byte[] stdin)
            throws IOException {
        ClientSession session = login(user);
        try {
            return UserClient.exec(session, command, env, stdin);
        } finally {
            session.close(false).await(UserClient.WAIT);
            sessions.remove(session);
        }
    }

    /** A connection of the user's client that has done key exchange and nothing else (no authentication). */
    public ClientSession connectWithoutAuthenticating(String user) throws IOException {
        ClientSession s = client.connect(user);
        sessions.add(s);
        return s;
    }

    public Gateway gateway() {
        return gateway;
    }

    public TestLoginNode node(String name) {
        return nodes.get(name);
    }

    public RecordingAuditLog audit() {
        return audit;
    }

    /** The clock penalties and wrong-code lockouts are measured on; tests move it. */
    public ManualClock limitsClock() {
        return limitsClock;
    }

    public ManualClock totpClock() {
        return totpClock;
    }

    @Override
    public void close() throws IOException {
        List<Exception> failures = new ArrayList<>();
        for (ClientSession s : sessions) {
            s.close(true);
        }
        if (client != null) {
            run(client::close, failures);
        }
        if (gateway != null) {
            run(gateway::close, failures);
        }
        for (TestLoginNode node : nodes.values()) {
            run(node::close, failures);
        }
        if (!failures.isEmpty()) {
            IOException first = new IOException("stopping the harness: " + failures.get(0), failures.get(0));
            failures.stream().skip(1).forEach(first::addSuppressed);
            throw first;
        }
    }

    private interface Step {
        void run() throws Exception;
    }

    private static void run(Step step, List<Exception> failures) {
        try {
            step.run();
        } catch (Exception e) {
            failures.add(e);
        }
    }
}
