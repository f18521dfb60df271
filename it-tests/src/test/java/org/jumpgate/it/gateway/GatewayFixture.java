package org.jumpgate.it.gateway;

import static org.awaitility.Awaitility.await;

import org.jumpgate.testing.ManualClock;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.sshd.common.config.keys.PublicKeyEntry;
import org.jumpgate.auth.Totp;
import org.jumpgate.balancer.BackendState;
import org.jumpgate.config.ConfigLoader;
import org.jumpgate.config.GatewayConfig;
import org.jumpgate.it.fixture.GatewayProcess;
import org.jumpgate.it.fixture.OpenSsh;
import org.jumpgate.it.fixture.SshdNode;
import org.jumpgate.it.fixture.TestUser;
import org.jumpgate.it.fixture.UnixUsers;
import org.jumpgate.keys.UserCa;
import org.jumpgate.server.Gateway;

/**
 * A gateway under test: real sshd login nodes trusting its CA, real Unix users with keys and TOTP
 * secrets, the gateway itself in this JVM with a one-time-code clock the test moves. Every
 * process started is stopped and every directory removed by {@link #close()}. Public for the
 * test packages beside this one (interop).
 */
public final class GatewayFixture implements AutoCloseable {

    private final Path dir;
    private final ManualClock totpClock = new ManualClock();
    private final ManualClock limitsClock = new ManualClock();
    private final UnixUsers users;
    private final Map<String, SshdNode> nodes = new LinkedHashMap<>();
    private final Map<String, String> secrets = new LinkedHashMap<>();
    private final String extraYaml;
    private String authLines = "";
    private final Map<String, String> probes = new LinkedHashMap<>();
    private String methods = "publickey,keyboard-interactive";
    private final List<OpenSsh> clients = new ArrayList<>();
    private final List<Gateway> peers = new ArrayList<>();
    private final List<GatewayProcess> processes = new ArrayList<>();
    private Gateway gateway;
    private int listenPort;

    private GatewayFixture(Path dir, UnixUsers users, String extraYaml) {
        this.dir = dir;
        this.users = users;
        this.extraYaml = extraYaml;
    }

    /** A gateway with login nodes named {@code loginNodes}; {@code extraYaml} is appended to its config. */
    public static GatewayFixture start(List<String> loginNodes, String extraYaml) {
        return start(loginNodes, extraYaml, "publickey,keyboard-interactive", Map.of(), false);
    }

    /** A gateway like {@link #start(List, String)} with {@code authLines} (e.g. {@code "  rememberSecondFactor: 1h\n"}) under {@code auth:}. */
    static GatewayFixture startWithAuth(List<String> loginNodes, String authLines, String extraYaml) {
        return start(loginNodes, extraYaml, "publickey,keyboard-interactive", Map.of(), false, authLines);
    }

    /**
     * A gateway whose login nodes report load from {@code metricsUrls} (name to URL) and whose
     * users log in with their key alone (the balancer is what is under test). Login nodes also
     * accept users' own keys, as with a shared home: {@code ssh -J mila login-2}.
     */
    static GatewayFixture startKeyOnly(List<String> loginNodes, Map<String, String> metricsUrls, String extraYaml) {
        return start(loginNodes, extraYaml, "publickey", metricsUrls, true);
    }

    /**
     * A gateway like {@link #startWithAuth(List, String, String)} whose login nodes' sshd sets {@code loginNodeEnv}
     * for every session (e.g. {@code SLURM_CONF}, so users' own {@code sbatch} finds the test cluster).
     */
    static GatewayFixture startWithLoginNodeEnv(List<String> loginNodes, String authLines, String extraYaml,
                                                Map<String, String> loginNodeEnv) {
        return start(loginNodes, extraYaml, "publickey,keyboard-interactive", Map.of(), false, authLines,
                loginNodeEnv);
    }

    private static GatewayFixture start(List<String> loginNodes, String extraYaml, String methods,
                                        Map<String, String> metricsUrls, boolean ownKeysOnNodes) {
        return start(loginNodes, extraYaml, methods, metricsUrls, ownKeysOnNodes, "");
    }

    private static GatewayFixture start(List<String> loginNodes, String extraYaml, String methods,
                                        Map<String, String> metricsUrls, boolean ownKeysOnNodes, String authLines) {
        return start(loginNodes, extraYaml, methods, metricsUrls, ownKeysOnNodes, authLines, Map.of());
    }

    private static GatewayFixture start(List<String> loginNodes, String extraYaml, String methods,
                                        Map<String, String> metricsUrls, boolean ownKeysOnNodes, String authLines,
                                        Map<String, String> loginNodeEnv) {
        UnixUsers users = UnixUsers.create();
        GatewayFixture f;
        try {
            f = new GatewayFixture(Files.createTempDirectory("jg-gw-"), users, extraYaml);
        } catch (IOException e) {
            users.close();
            throw new UncheckedIOException(e);
        }
        f.methods = methods;
        f.authLines = authLines;
        f.probes.putAll(metricsUrls);
        try {
            Files.createDirectories(f.dir.resolve("keys"));
            Files.createDirectories(f.dir.resolve("totp"));
            Path ca = f.dir.resolve("ca.pub");
            Files.writeString(ca, UserCa.loadOrCreate(f.dir.resolve("data"), Clock.systemUTC()).publicKeyLine() + "\n");
            for (String name : loginNodes) {
                SshdNode.Options options = SshdNode.Options.loginNode(ca);
                for (Map.Entry<String, String> e : loginNodeEnv.entrySet()) {
                    options = options.withEnv(e.getKey(), e.getValue());
                }
                f.nodes.put(name, SshdNode.start(name,
                        ownKeysOnNodes ? options.withAuthorizedKeysFile(".ssh/authorized_keys") : options));
            }
            f.startGateway();
            return f;
        } catch (Exception e) {
            f.close();
            throw new IllegalStateException("gateway fixture did not start: " + e.getMessage(), e);
        }
    }

    static GatewayFixture start(String... loginNodes) {
        return start(List.of(loginNodes), "");
    }

    Path configFile() {
        return dir.resolve("jumpgate.yaml");
    }

    private void startGateway() throws Exception {
        Files.writeString(configFile(), yaml(listenPort, dir.resolve("data")));
        GatewayConfig config = ConfigLoader.load(configFile());
        gateway = Gateway.builder(config).configFile(configFile()).totpClock(totpClock).limitsClock(limitsClock)
                .start();
        listenPort = gateway.port();
        awaitProbed(gateway);
    }

    /** Login nodes take no session before their first probe: a test logs in once every node is decided. */
    private static void awaitProbed(Gateway g) {
        await().atMost(awaitLimit()).until(() -> g.balancer().backends().stream()
                .noneMatch(n -> n.state() == BackendState.CHECKING));
    }

    /**
     * Starts another gateway of the same fleet before the same login nodes: its own port and a
     * copy of this one's data directory (same host keys and CA, as a pair shares them), the same
     * users, config and code clock. Stopped by {@link #close()} unless the test closes it first.
     */
    Gateway startPeer(String name) throws Exception {
        Path config = peerConfig(name);
        Gateway peer = Gateway.builder(ConfigLoader.load(config)).configFile(config).totpClock(totpClock)
                .limitsClock(limitsClock).start();
        peers.add(peer);
        awaitProbed(peer);
        return peer;
    }

    /**
     * Starts another gateway of the same fleet as {@link #startPeer} does, but in a JVM of its own
     * ({@code jumpgate serve}, its admin API on {@code adminPort}), so a test can kill it with -9.
     * It reads codes on the real clock, not the one {@link #nextCode} moves: log in through it with
     * {@link #codeNow} as a user no in-JVM gateway of this fixture took codes from. Stopped by
     * {@link #close()} unless the test stops it first.
     */
    GatewayProcess startPeerProcess(String name, int adminPort) throws Exception {
        Path config = peerConfig(name);
        Files.writeString(config, Files.readString(config)
                .replace("admin:\n  listen: \"127.0.0.1:0\"\n", "admin:\n  listen: \"127.0.0.1:" + adminPort + "\"\n"));
        Path out = dir.resolve("process-" + name);
        Files.createDirectories(out);
        GatewayProcess p = GatewayProcess.start(config, out);
        processes.add(p);
        return p;
    }

    /** Writes the config of peer {@code name} (its own copy of the data directory) and returns its path. */
    private Path peerConfig(String name) throws IOException {
        Path data = dir.resolve("data-" + name);
        if (!Files.exists(data)) {
            Files.createDirectories(data);
            try (var files = Files.list(dir.resolve("data"))) {
                // keys and CA, not this gateway's own state (drains, remembered codes: *.json)
                for (Path f : files.filter(Files::isRegularFile)
                        .filter(f -> !f.getFileName().toString().endsWith(".json")).toList()) {
                    Files.copy(f, data.resolve(f.getFileName()), java.nio.file.StandardCopyOption.COPY_ATTRIBUTES);
                }
            }
        }
        Path config = dir.resolve("jumpgate-" + name + ".yaml");
        Files.writeString(config, yaml(0, data).replace("\ncluster:\n", "\ncluster:\n  name: " + name + "\n"));
        return config;
    }

    /** A real OpenSSH client for {@code user} to another gateway of the fleet (same host keys). */
    OpenSsh clientOf(Gateway peer, TestUser user) {
        return clientAt(peer.port(), user);
    }

    /** A real OpenSSH client for {@code user} to a gateway of this fleet (same host keys) on {@code port}. */
    OpenSsh clientAt(int port, TestUser user) {
        OpenSsh c = OpenSsh.builder(user).gatewayPort(port).knownHosts(knownHostsFor(port)).build();
        clients.add(c);
        return c;
    }

    private String yaml(int port, Path data) {
        StringBuilder y = new StringBuilder()
                .append("listen: \"127.0.0.1:").append(port).append("\"\n")
                .append("dataDir: ").append(data).append('\n')
                .append("auth:\n")
                .append("  methods: \"").append(methods).append("\"\n")
                .append("  authorizedKeys: ").append(dir.resolve("keys/%u")).append('\n')
                .append("  totpSecrets: ").append(dir.resolve("totp/%u")).append('\n')
                .append(authLines)
                .append(Files.exists(dir.resolve("accounts.yaml"))
                        ? "  accounts: " + dir.resolve("accounts.yaml") + "\n" : "")
                .append("audit:\n  file: ").append(dir.resolve("audit.log")).append('\n')
                .append("admin:\n  listen: \"127.0.0.1:0\"\n")
                .append(extraYaml.contains("backendLink:") ? "" : "backendLink:\n  connectTimeout: 5s\n")
                .append("backends:\n");
        for (SshdNode n : nodes.values()) {
            y.append("  - name: ").append(n.name()).append("\n    address: \"").append(n.address()).append("\"\n");
            if (probes.containsKey(n.name())) {
                y.append("    probe: {metrics: \"").append(probes.get(n.name())).append("\"}\n");
            }
        }
        if (!extraYaml.contains("limits:")) {
            // tests log in (and are refused) from 127.0.0.1 again and again, some in bursts (the
            // balancer's): unlike the open internet's defaults, 127.0.0.1 is exempt from penalties
            // and may hold many unauthenticated connections; 127.0.0.2 etc. are not exempt
            y.append("limits:\n  maxStartups: \"100:30:200\"\n  perSourceMaxStartups: 100\n"
                    + "  perSourcePenalties:\n    exempt: [\"127.0.0.1/32\"]\n");
        }
        y.append(extraYaml);
        return y.toString();
    }

    /** Stops the gateway and starts it again on the same data directory and port. */
    void restartGateway() throws Exception {
        gateway.close();
        startGateway();
    }

    /** Writes an accounts file; takes effect at once (the gateway re-reads it when it changes). */
    void accounts(String yaml) throws IOException {
        boolean had = Files.exists(dir.resolve("accounts.yaml"));
        Files.writeString(dir.resolve("accounts.yaml"), yaml);
        if (!had) {
            try {
                restartGateway();
            } catch (Exception e) {
                throw new IOException(e);
            }
        }
    }

    /** A Unix user the gateway knows: authorized key and TOTP secret in place. */
    public TestUser user(String shortName) throws IOException {
        TestUser u = users.user(shortName);
        Files.writeString(dir.resolve("keys").resolve(u.name()), u.publicKeyLine() + "\n");
        String secret = Totp.newSecret();
        Path s = dir.resolve("totp").resolve(u.name());
        Files.deleteIfExists(s);
        Files.createFile(s, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        Files.writeString(s, secret + "\n");
        secrets.put(u.name(), secret);
        return u;
    }

    /** The clock source penalties and wrong-code lockouts are measured on; tests move it. */
    ManualClock limitsClock() {
        return limitsClock;
    }

    /** Moves the code clock to the next 30 s step and returns {@code user}'s code for it. */
    public String nextCode(TestUser user) {
        return Totp.fromBase32(secrets.get(user.name())).codeAt(totpClock.advance(Totp.STEP));
    }

    /** Moves the code clock to the next 30 s step: every user has a new, unused code ({@link #currentCode}). */
    void nextStep() {
        totpClock.advance(Totp.STEP);
    }

    /** {@code user}'s code for the code clock's current step (several users log in at once in one step). */
    String currentCode(TestUser user) {
        return Totp.fromBase32(secrets.get(user.name())).codeAt(totpClock.instant());
    }

    /** {@code user}'s code on the real clock (for a gateway in its own process, {@link #startPeerProcess}). */
    String codeNow(TestUser user) {
        return Totp.fromBase32(secrets.get(user.name())).codeAt(java.time.Instant.now());
    }

    /** A code that is not the user's current one. */
    String wrongCode(TestUser user) {
        String right = Totp.fromBase32(secrets.get(user.name())).codeAt(totpClock.instant());
        return right.equals("000000") ? "111111" : "000000";
    }

    /** Adds {@code key} to {@code user}'s authorized keys at the gateway (a second key of the same user). */
    void authorizeAnotherKey(TestUser user, org.jumpgate.it.fixture.SshKeyPair key) throws IOException {
        Files.writeString(dir.resolve("keys").resolve(user.name()), key.publicKeyLine() + "\n",
                java.nio.file.StandardOpenOption.APPEND);
    }

    /** A key pair the gateway has never seen. */
    org.jumpgate.it.fixture.SshKeyPair strangerKey() {
        return org.jumpgate.it.fixture.SshKeygen.generate(dir, "stranger-" + System.nanoTime(), "ed25519");
    }

    /** Puts {@code user}'s key in their own ~/.ssh/authorized_keys, as a shared home would for compute nodes. */
    public void authorizeOnNodes(TestUser user) {
        users.authorize(user, user.publicKeyLine());
    }

    /** A real OpenSSH client for {@code user}, knowing the gateway's host keys. */
    OpenSsh client(TestUser user, String... configLines) {
        return client(user, List.of(), configLines);
    }

    /** A client that also knows {@code extraKnownHosts} (compute nodes' keys under their names). */
    public OpenSsh client(TestUser user, List<String> extraKnownHosts, String... configLines) {
        List<String> known = new ArrayList<>(knownHosts());
        known.addAll(extraKnownHosts);
        OpenSsh c = OpenSsh.builder(user).gatewayPort(gateway.port()).knownHosts(known)
                .config(configLines).build();
        clients.add(c);
        return c;
    }

    public List<String> knownHosts() {
        return knownHostsFor(gateway.port());
    }

    /** known_hosts lines for a gateway of this fleet on {@code port}: this gateway's host keys, which all share. */
    List<String> knownHostsFor(int port) {
        return gateway.hostKeys().keyPairs().stream()
                .map(k -> OpenSsh.knownHostsLine("127.0.0.1", port, PublicKeyEntry.toString(k.getPublic())))
                .toList();
    }

    public Gateway gateway() {
        return gateway;
    }

    public SshdNode node(String name) {
        return nodes.get(name);
    }

    Path dir() {
        return dir;
    }

    public String audit() {
        try {
            return Files.exists(dir.resolve("audit.log")) ? Files.readString(dir.resolve("audit.log")) : "";
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        clients.forEach(OpenSsh::close);
        processes.forEach(GatewayProcess::close);
        peers.forEach(Gateway::close);
        if (gateway != null) {
            gateway.close();
        }
        nodes.values().forEach(SshdNode::close);
        users.close();
        org.jumpgate.it.fixture.TempDirs.delete(dir);
    }

    static Duration awaitLimit() {
        return Duration.ofSeconds(20);
    }
}
