package org.jumpgate.it.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.IntSupplier;
import org.jumpgate.config.ConfigLoader;
import org.jumpgate.it.fixture.Cpus;
import org.jumpgate.it.fixture.SshdNode;
import org.jumpgate.it.fixture.TempDirs;
import org.jumpgate.it.fixture.TestUser;
import org.jumpgate.it.fixture.UnixUsers;
import org.jumpgate.keys.UserCa;
import org.jumpgate.server.Gateway;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Issue 5, benchmarks 4 and 5, with {@code jumpgate load} in its own JVM (a separate {@code java}
 * process on the project class path) and {@code jumpgate echo-node} as the gateway's login node
 * (with a TCP echo service as the compute node), also its own process. The gateway runs in this
 * JVM, so that its heap can be read after a GC.
 *
 * <ol start="4">
 * <li>handshake capacity: {@code load --scenario login} (connect, kex, key auth, exec {@code true},
 * disconnect) at fixed concurrencies for a fixed time against jumpgate (whose login also opens a
 * backend link to the echo node with a fresh certificate) and against a real OpenSSH sshd with the
 * user's key in authorized_keys; interleaved, median of runs; ratio jumpgate/sshd, in logins per
 * second and in logins per server CPU-second.</li>
 * <li>concurrency, in two phases: S idle pty shells through jumpgate to the echo node
 * ({@code interactive}, one keystroke a minute), then J jump channels to the compute node
 * ({@code jump}, 10 per connection, one probe a minute), each held for a fixed time; gateway heap
 * after GC, RSS, threads and open files, per held session or channel, when all are open and again at
 * the end of the hold; echo latency p50/p99 of a small probe run at that load against the same
 * probe with nothing held; every held session and channel must last the whole hold. Not both at
 * once: together they need more sockets than {@code ulimit -n} (20,000, and no CAP_SYS_RESOURCE
 * to raise it) lets one gateway process have.</li>
 * </ol>
 *
 * <p>System properties: {@code jumpgate.cap.seconds} (15), {@code jumpgate.cap.runs} (3),
 * {@code jumpgate.cap.warmupSeconds} (30), {@code jumpgate.cap.concurrency} ("8,32"),
 * {@code jumpgate.cap.sessions} (5000), {@code jumpgate.cap.jumps} (10000),
 * {@code jumpgate.cap.holdSeconds} (300), {@code jumpgate.cap.ramp} (interactive logins per second
 * while opening, 20), {@code jumpgate.cap.jumpRamp} (jump connections per second, 20),
 * {@code jumpgate.cap.channelsPerSession} (10),
 * {@code jumpgate.cap.pin} (false: on a machine of 2 or more CPUs, the load generators run on CPU 0
 * and the servers, gateway, echo node or sshd, on the others), {@code jumpgate.cap.backendKex}
 * (the gateway's {@code backendLink.kex}, comma-separated; empty: its default),
 * {@code jumpgate.cap.linger} (its {@code backendLink.linger}, 0s), {@code jumpgate.cap.pool} (its
 * {@code backendLink.pool.size}, 0: none) and
 * {@code jumpgate.cap.loadKex} (the load generator's {@code --kex}, curve25519-sha256). Nothing asserts a figure.
 * Results are appended to {@code target/benchmark-results.txt}.
 */
@Tag("benchmark")
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class CapacityBenchmark {

    static final int SECONDS = Integer.getInteger("jumpgate.cap.seconds", 15);
    static final int RUNS = Integer.getInteger("jumpgate.cap.runs", 3);
    static final int WARMUP_SECONDS = Integer.getInteger("jumpgate.cap.warmupSeconds", 30);
    static final int[] CONCURRENCY = ints(System.getProperty("jumpgate.cap.concurrency", "8,32"));
    static final int SESSIONS = Integer.getInteger("jumpgate.cap.sessions", 5000);
    static final int JUMPS = Integer.getInteger("jumpgate.cap.jumps", 10_000);
    /** Jump channels held beside the {@link #SESSIONS} sessions in {@code heldSessionsAndJumpsTogether}. */
    static final int TOGETHER_JUMPS = Integer.getInteger("jumpgate.cap.togetherJumps", 5000);
    static final int HOLD_SECONDS = Integer.getInteger("jumpgate.cap.holdSeconds", 300);
    static final int RAMP_PER_S = Integer.getInteger("jumpgate.cap.ramp", 20);
    static final int JUMP_RAMP_PER_S = Integer.getInteger("jumpgate.cap.jumpRamp", 20);
    /** 10 jump channels per connection: a gateway process may have at most `ulimit -n` (20,000 here) sockets. */
    static final int CHANNELS_PER_SESSION = Integer.getInteger("jumpgate.cap.channelsPerSession", 10);
    static final boolean PIN = Boolean.getBoolean("jumpgate.cap.pin") && Cpus.count() >= 2;
    static final List<String> BACKEND_KEX = names(System.getProperty("jumpgate.cap.backendKex", ""));
    /**
     * {@code backendLink.linger} of the gateway under test: 0s by default, so every login is a
     * backend login (one user logs in again and again here: lingering links would be taken instead).
     */
    static final String LINGER = System.getProperty("jumpgate.cap.linger", "0s");
    /** {@code backendLink.pool.size} of the gateway under test (0: no pool). */
    static final int POOL = Integer.getInteger("jumpgate.cap.pool", 0);
    /** {@code backendLink.kemKeyReuse.uses} of the gateway under test (1: a fresh sntrup761 key pair per login). */
    static final int KEM_KEY_USES = Integer.getInteger("jumpgate.cap.kemKeyUses", 16);
    /**
     * The load generator's key exchange, the same against both servers: curve25519 by default, so that
     * both do the same user-side work (the generator would get ML-KEM from jumpgate and sntrup761 from
     * sshd 9.2 otherwise) and the generator's own sntrup761 key generation does not bound the run.
     */
    static final List<String> LOAD_KEX = names(System.getProperty("jumpgate.cap.loadKex", "curve25519-sha256"));
    static final String COMPUTE_NODE = "cn-bench";
    static final ObjectMapper JSON = new ObjectMapper();

    static Path dir;
    static UnixUsers unix;
    static TestUser user;
    static Path usersDir;
    static Process echoNode;
    static int echoPort;
    static int tcpEchoPort;
    static Gateway gateway;
    static SshdNode sshd;

    @BeforeAll
    static void start() throws Exception {
        dir = Files.createTempDirectory(Path.of("/tmp"), "jg-cap-");
        unix = UnixUsers.create();
        user = unix.user("cap");
        unix.authorize(user, user.publicKeyLine());
        usersDir = dir.resolve("users");
        Files.createDirectories(usersDir.resolve(user.name()));
        Files.copy(user.privateKey(), usersDir.resolve(user.name()).resolve("id_ed25519"));
        Files.createDirectories(dir.resolve("keys"));
        Files.writeString(dir.resolve("keys").resolve(user.name()), user.publicKeyLine() + "\n");
        Path ca = dir.resolve("ca.pub");
        Files.writeString(ca, UserCa.loadOrCreate(dir.resolve("data"), Clock.systemUTC()).publicKeyLine() + "\n");

        echoPort = freePort();
        tcpEchoPort = freePort();
        echoNode = java(dir.resolve("echo-node.log"), "-Xmx3g", "org.jumpgate.cli.Main", "echo-node",
                "--ca-key-file", ca.toString(), "--listen", "127.0.0.1:" + echoPort,
                "--tcp-echo", "127.0.0.1:" + tcpEchoPort);
        awaitPort(echoPort);

        Path jobs = Files.writeString(dir.resolve("jobs.yaml"), user.name() + ": [" + COMPUTE_NODE + "]\n");
        String yaml = "listen: \"127.0.0.1:0\"\n"
                + "dataDir: " + dir.resolve("data") + "\n"
                + "auth:\n  methods: \"publickey\"\n  authorizedKeys: " + dir.resolve("keys/%u") + "\n"
                + "audit:\n  file: " + dir.resolve("audit.log") + "\n"
                + "admin:\n  listen: \"127.0.0.1:0\"\n"
                + "backendLink:\n  connectTimeout: 10s\n"
                + (BACKEND_KEX.isEmpty() ? "" : "  kex: [" + String.join(", ", BACKEND_KEX) + "]\n")
                + "  linger: " + LINGER + "\n"
                + (POOL > 0 ? "  pool: {size: " + POOL + ", maxAge: 60s}\n" : "")
                + "  kemKeyReuse: {uses: " + KEM_KEY_USES + "}\n"
                + "backends:\n  - name: echo-1\n    address: \"127.0.0.1:" + echoPort + "\"\n"
                + "compute:\n  pattern: \"cn-*\"\n  nodes:\n    " + COMPUTE_NODE + ": \"127.0.0.1:" + tcpEchoPort + "\"\n"
                + "jobs:\n  source: file\n  file: " + jobs + "\n"
                // a load generator is one source opening many connections at once: lift the limits
                // meant for the open internet, as an operator load-testing their gateway would
                + "limits:\n  maxStartups: \"100000\"\n  perSourceMaxStartups: 100000\n"
                + "  perSourcePenalties: {exempt: [\"127.0.0.0/8\"]}\n";
        Path config = Files.writeString(dir.resolve("jumpgate.yaml"), yaml);
        gateway = Gateway.builder(ConfigLoader.load(config)).configFile(config).start();
        // sshd's default MaxStartups 10:30:100 drops unauthenticated connections at random from 10 on;
        // raised so that sshd's capacity is measured, not its admission policy.
        sshd = SshdNode.start("cap-sshd", SshdNode.Options.computeNode().withConfig("MaxStartups 1000"));
        if (PIN) {
            // servers on their own CPUs, as on their own hosts; what this thread starts from now on (the load
            // generators) on CPU 0
            Cpus.splitThisJvm(Cpus.CLIENTS, Cpus.servers());
            Cpus.pin(echoNode.pid(), Cpus.servers());
            Cpus.pin(sshd.pid(), Cpus.servers());
        }
        BenchmarkResults.report("# CapacityBenchmark " + ZonedDateTime.now().format(DateTimeFormatter.ISO_OFFSET_DATE_TIME) + ", "
                + Cpus.count() + " cpus, " + SECONDS + " s per run, runs " + RUNS
                + ", load generator and echo node in their own JVMs, gateway in the test JVM (pid "
                + ProcessHandle.current().pid() + "), "
                + (PIN ? "pinned: load generators on cpu " + Cpus.CLIENTS + ", gateway, echo node and sshd on cpus "
                        + Cpus.servers() : "not pinned: every process on every cpu")
                + ", backend link kex " + (BACKEND_KEX.isEmpty() ? "default" : String.join(",", BACKEND_KEX))
                + " (sntrup761 key pair uses " + KEM_KEY_USES + ")"
                + ", load generator kex " + (LOAD_KEX.isEmpty() ? "default" : String.join(",", LOAD_KEX))
                + ", loadavg " + loadavg());
    }

    @AfterAll
    static void stop() {
        if (gateway != null) {
            gateway.close();
        }
        if (sshd != null) {
            sshd.close();
        }
        stopProcess(echoNode);
        if (unix != null) {
            unix.close();
        }
        TempDirs.delete(dir);
    }

    @Test
    @Order(4)
    void handshakeCapacity() throws Exception {
        // warm-up: JIT for the gateway and the echo node (each load generator JVM starts cold, on both sides)
        load("warmup", gateway.port(), "login", 8, WARMUP_SECONDS, List.of());
        for (int c : CONCURRENCY) {
            List<Double> jg = new ArrayList<>();
            List<Double> os = new ArrayList<>();
            List<Double> jgCpu = new ArrayList<>();
            List<Double> osCpu = new ArrayList<>();
            List<String> detail = new ArrayList<>();
            for (int r = 0; r < RUNS; r++) {
                boolean jgFirst = r % 2 == 0;
                for (int side = 0; side < 2; side++) {
                    boolean isJg = (side == 0) == jgFirst;
                    long cpu0 = selfCpuNanos();
                    long child0 = Cpus.reapedChildrenMillis();
                    long server0 = isJg ? Cpus.treeMillis(echoNode.pid()) : Cpus.treeMillis(sshd.pid());
                    JsonNode s = load(isJg ? "jumpgate" : "sshd", isJg ? gateway.port() : sshd.port(), "login", c,
                            SECONDS, List.of());
                    long cpu = selfCpuNanos() - cpu0;
                    long childCpu = Cpus.reapedChildrenMillis() - child0;
                    await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100))
                            .until(() -> ProcessHandle.of(sshd.pid()).map(h -> h.children().count() == 0).orElse(true));
                    long serverCpu = (isJg ? Cpus.treeMillis(echoNode.pid()) + cpu / 1_000_000 : Cpus.treeMillis(sshd.pid())) - server0;
                    double rate = s.path("ops_per_s").asDouble();
                    (isJg ? jg : os).add(rate);
                    long doneN = Math.max(1, s.path("completed").asLong());
                    (isJg ? jgCpu : osCpu).add(serverCpu / (double) doneN);
                    long done = Math.max(1, s.path("completed").asLong());
                    detail.add(String.format(Locale.ROOT, "%s %.1f/s (login p50 %.0f ms p99 %.0f ms, errors %d, load-generator jvm %.1f ms cpu/login%s)",
                            isJg ? "jg" : "os", rate, ms(s, "login", "p50"), ms(s, "login", "p99"),
                            s.path("error_count").asLong(), childCpu / (double) done,
                            isJg ? String.format(Locale.ROOT, ", gateway jvm %.2f ms cpu/login",
                                    cpu / 1e6 / done) : ""));
                }
            }
            double mj = median(jg);
            double mo = median(os);
            BenchmarkResults.report(String.format(Locale.ROOT,
                    "handshake-capacity concurrency %d: jumpgate %.1f logins/s, sshd %.1f logins/s, ratio %.2f (median of %d, %d s each)",
                    c, mj, mo, mj / mo, RUNS, SECONDS));
            double cj = median(jgCpu);
            double co = median(osCpu);
            BenchmarkResults.report(String.format(Locale.ROOT,
                    "#   concurrency %d server cpu per login (median): jumpgate %.1f ms (gateway jvm + echo node), sshd %.1f ms (listener and all"
                            + " its connection processes); logins per cpu-second: jumpgate %.1f, sshd %.1f, ratio %.2f",
                    c, cj, co, 1000 / cj, 1000 / co, co / cj));
            BenchmarkResults.report("#   " + String.join(" | ", detail));
        }
    }

    @Test
    @Order(5)
    void heldSessionsAndJumps() throws Exception {
        probe(); // warm-up: the gateway's and the echo node's pty path compiled, as after a while in service
        JsonNode base = probe();
        BenchmarkResults.report(String.format(Locale.ROOT, "held baseline (0 held): probe echo p50 %.2f ms p99 %.2f ms (%d probes)",
                ms(base, "echo", "p50"), ms(base, "echo", "p99"), base.path("latency_us").path("echo").path("count").asLong()));
        hold("interactive sessions", "interactive", SESSIONS, SESSIONS, RAMP_PER_S, gateway::activeSessions, base);
        int connections = Math.max(1, JUMPS / CHANNELS_PER_SESSION);
        hold("jump channels", "jump", connections, connections * CHANNELS_PER_SESSION, JUMP_RAMP_PER_S, gateway::watchedJumps,
                base, "--jump-target", COMPUTE_NODE + ":22", "--channels", Integer.toString(CHANNELS_PER_SESSION));
    }

    /**
     * Opens {@code connections} sessions of {@code scenario} at {@code perSecond}, waits until the
     * gateway counts {@code target} of them ({@code count}), holds them {@link #HOLD_SECONDS}, measures
     * when all are open and at the end, then stops the load generator (SIGTERM: it closes its sessions
     * and writes its summary) and reports what it saw.
     */
    private void hold(String what, String scenario, int connections, int target, int perSecond,
                      IntSupplier count, JsonNode base, String... extra) throws Exception {
        Mem before = mem();
        int ramp = Math.max(1, connections / perSecond);
        Path json = dir.resolve("held-" + scenario + ".json");
        Process load = startHeld("held-" + scenario, scenario, connections, perSecond, extra);
        try {
            await().atMost(Duration.ofSeconds(2L * ramp + 300)).pollInterval(Duration.ofSeconds(1))
                    .until(() -> count.getAsInt() >= target || !load.isAlive());
            assertThat(load.isAlive()).as("load generator for " + what + " still running, see its log").isTrue();
            long heldAt = System.nanoTime();
            Mem at = mem();
            BenchmarkResults.report(held(what, target, "all open (ramp " + ramp + " s)", count.getAsInt(), before, at, base, probe()));
            int[] fewest = {count.getAsInt()};
            await().atMost(Duration.ofSeconds(HOLD_SECONDS + 60)).pollInterval(Duration.ofSeconds(5)).until(() -> {
                fewest[0] = Math.min(fewest[0], count.getAsInt());
                return !load.isAlive() || System.nanoTime() - heldAt >= TimeUnit.SECONDS.toNanos(HOLD_SECONDS);
            });
            assertThat(load.isAlive()).as("load generator for " + what + " still running, see its log").isTrue();
            long heldS = TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - heldAt);
            BenchmarkResults.report(held(what, target, "after " + heldS + " s held (fewest seen " + fewest[0] + ")", count.getAsInt(),
                    before, mem(), base, probe()));
        } finally {
            stopProcess(load);
        }
        reportHeld(what, json);
        await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofSeconds(1)).until(() -> gateway.activeSessions() == 0);
    }

    /**
     * Item 5 of the speed issue: {@link #SESSIONS} interactive sessions and {@link #TOGETHER_JUMPS}
     * jump channels held at the same time, probed in back-to-back windows over {@link #HOLD_SECONDS};
     * each window's added p99 is reported with the gateway's collections during it (its
     * GarbageCollectorMXBeans), then the worst window.
     */
    @Test
    @Order(6)
    void heldSessionsAndJumpsTogether() throws Exception {
        probe();
        JsonNode base = probe();
        BenchmarkResults.report(String.format(Locale.ROOT, "together baseline (0 held): probe echo p50 %.2f ms p99 %.2f ms (%d probes); gc %s",
                ms(base, "echo", "p50"), ms(base, "echo", "p99"), base.path("latency_us").path("echo").path("count").asLong(),
                ManagementFactory.getGarbageCollectorMXBeans().stream().map(b -> b.getName()).toList()));
        Mem before = mem();
        int jumpConnections = Math.max(1, TOGETHER_JUMPS / CHANNELS_PER_SESSION);
        int channels = jumpConnections * CHANNELS_PER_SESSION;
        Process sessions = startHeld("together-interactive", "interactive", SESSIONS, RAMP_PER_S);
        Process jumps = null;
        try {
            await().atMost(Duration.ofSeconds(2L * SESSIONS / RAMP_PER_S + 300)).pollInterval(Duration.ofSeconds(1))
                    .until(() -> gateway.activeSessions() >= SESSIONS || !sessions.isAlive());
            assertThat(sessions.isAlive()).as("load generator for sessions still running, see its log").isTrue();
            jumps = startHeld("together-jump", "jump", jumpConnections, JUMP_RAMP_PER_S,
                    "--jump-target", COMPUTE_NODE + ":22", "--channels", Integer.toString(CHANNELS_PER_SESSION));
            Process j = jumps;
            await().atMost(Duration.ofSeconds(2L * jumpConnections / JUMP_RAMP_PER_S + 300)).pollInterval(Duration.ofSeconds(1))
                    .until(() -> gateway.watchedJumps() >= channels || !j.isAlive());
            assertThat(jumps.isAlive()).as("load generator for jumps still running, see its log").isTrue();
            Mem at = mem();
            int held = gateway.activeSessions();
            BenchmarkResults.report(String.format(Locale.ROOT,
                    "together all open: %d user connections (%d sessions + %d jump connections), %d jump channels;"
                            + " gateway heap after GC %.0f MiB (was %.0f), %.1f KiB per session or channel; RSS %.0f MiB (was %.0f);"
                            + " open files %d (%.2f per session or channel); threads %d; loadavg %s",
                    held, SESSIONS, jumpConnections, gateway.watchedJumps(), at.heap / 1048576.0, before.heap / 1048576.0,
                    (at.heap - before.heap) / 1024.0 / (SESSIONS + channels), at.rss / 1048576.0, before.rss / 1048576.0,
                    openFiles(), openFiles() / (double) (SESSIONS + channels), Thread.activeCount(), loadavg()));
            long heldAt = System.nanoTime();
            int window = 0;
            int over = 0;
            double worst = Double.NEGATIVE_INFINITY;
            while (System.nanoTime() - heldAt < TimeUnit.SECONDS.toNanos(HOLD_SECONDS)) {
                Map<String, long[]> gc0 = collections();
                JsonNode p = probe();
                Map<String, long[]> gc1 = collections();
                window++;
                double added = ms(p, "echo", "p99") - ms(base, "echo", "p99");
                worst = Math.max(worst, added);
                if (added > 5.0) {
                    over++;
                }
                List<String> gc = new ArrayList<>();
                gc1.forEach((name, v) -> {
                    long[] w = gc0.getOrDefault(name, new long[2]);
                    gc.add(name + " " + (v[0] - w[0]) + " (" + (v[1] - w[1]) + " ms)");
                });
                BenchmarkResults.report(String.format(Locale.ROOT,
                        "together window %d (%d s held): %d connections, %d jump channels; probe echo p50 %.2f ms p99 %.2f ms max %.2f ms,"
                                + " added p99 %+.2f ms; gateway collections %s; loadavg %s",
                        window, TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - heldAt), gateway.activeSessions(),
                        gateway.watchedJumps(), ms(p, "echo", "p50"), ms(p, "echo", "p99"), ms(p, "echo", "max"), added,
                        String.join(", ", gc), loadavg()));
                assertThat(sessions.isAlive() && jumps.isAlive()).as("load generators still running, see their logs").isTrue();
            }
            BenchmarkResults.report(String.format(Locale.ROOT,
                    "together: %d probe windows of 30 s over %d s held; worst added p99 %+.2f ms; windows over +5 ms: %d",
                    window, HOLD_SECONDS, worst, over));
        } finally {
            stopProcess(jumps);
            stopProcess(sessions);
        }
        reportHeld("together, interactive sessions", dir.resolve("together-interactive.json"));
        reportHeld("together, jump channels", dir.resolve("together-jump.json"));
        await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofSeconds(1)).until(() -> gateway.activeSessions() == 0);
    }

    /** The gateway JVM's collectors: name → {collections, milliseconds} so far. */
    private static Map<String, long[]> collections() {
        Map<String, long[]> m = new LinkedHashMap<>();
        for (GarbageCollectorMXBean b : ManagementFactory.getGarbageCollectorMXBeans()) {
            m.put(b.getName(), new long[] {b.getCollectionCount(), b.getCollectionTime()});
        }
        return m;
    }

    /**
     * Starts a {@code jumpgate load} JVM holding {@code connections} of {@code scenario} (opened at
     * {@code perSecond}, one keystroke or probe a minute each), writing {@code label}.json and .log.
     */
    private static Process startHeld(String label, String scenario, int connections, int perSecond, String... extra)
            throws IOException {
        int ramp = Math.max(1, connections / perSecond);
        List<String> args = new ArrayList<>(List.of("-Xmx6g", "org.jumpgate.cli.Main", "load",
                "--target", "127.0.0.1:" + gateway.port(), "--scenario", scenario, "--users", usersDir.toString(),
                "--concurrency", Integer.toString(connections), "--ramp", ramp + "s",
                "--duration", (2 * ramp + HOLD_SECONDS + 900) + "s", // a bound: it is stopped after the hold
                "--interval", "60s", "--timeout", "60s", "--json", dir.resolve(label + ".json").toString(), "--quiet"));
        args.addAll(kexArgs());
        args.addAll(List.of(extra));
        return java(dir.resolve(label + ".log"), args.toArray(String[]::new));
    }

    /** What a held load generator saw over its whole run, from its JSON summary. */
    private static void reportHeld(String what, Path json) throws IOException {
        JsonNode s = JSON.readTree(json.toFile());
        BenchmarkResults.report(String.format(Locale.ROOT, "#   load generator (%s): sessions %d, operations %d, errors %d %s, stop %s;"
                        + " held echo p50 %.2f ms p99 %.2f ms max %.2f ms (%d probes)",
                what, s.path("sessions").asLong(), s.path("completed").asLong(), s.path("error_count").asLong(),
                s.path("errors"), s.path("stop_reason").asText(), ms(s, "echo", "p50"), ms(s, "echo", "p99"),
                ms(s, "echo", "max"), s.path("latency_us").path("echo").path("count").asLong()));
    }

    private String held(String what, int target, String when, int counted, Mem before, Mem now, JsonNode base,
                        JsonNode probe) throws IOException {
        int conns = gateway.activeSessions();
        return String.format(Locale.ROOT,
                "held %d %s, %s: %d counted, %d user connections; gateway heap after GC %.0f MiB (was %.0f),"
                        + " %.1f KiB per held %s; RSS %.0f MiB (was %.0f); threads %d; open files %d;"
                        + " probe echo p50 %.2f ms p99 %.2f ms, added p50 %+.2f ms p99 %+.2f ms; loadavg %s",
                target, what, when, counted, conns, now.heap / 1048576.0, before.heap / 1048576.0,
                (now.heap - before.heap) / 1024.0 / Math.max(1, counted), what.replaceAll("s$", ""),
                now.rss / 1048576.0, before.rss / 1048576.0, Thread.activeCount(), openFiles(),
                ms(probe, "echo", "p50"), ms(probe, "echo", "p99"),
                ms(probe, "echo", "p50") - ms(base, "echo", "p50"), ms(probe, "echo", "p99") - ms(base, "echo", "p99"),
                loadavg());
    }

    private static long openFiles() throws IOException {
        try (var fds = Files.list(Path.of("/proc/self/fd"))) {
            return fds.count();
        }
    }

    private static List<String> kexArgs() {
        return LOAD_KEX.isEmpty() ? List.of() : List.of("--kex", String.join(",", LOAD_KEX));
    }

    private static List<String> names(String csv) {
        return Arrays.stream(csv.split(",")).map(String::trim).filter(x -> !x.isEmpty()).toList();
    }

    /** A small probe run: 10 pty shells typing every 100 ms for 30 s, about 3,000 timed echoes. */
    private static JsonNode probe() throws Exception {
        return load("probe", gateway.port(), "interactive", 10, 30, List.of("--interval", "100ms"));
    }

    /** Runs {@code jumpgate load} in its own JVM and returns its JSON summary. */
    private static JsonNode load(String label, int port, String scenario, int concurrency, int seconds, List<String> extra)
            throws Exception {
        Path json = dir.resolve("load-" + label + "-" + System.nanoTime() + ".json");
        List<String> args = new ArrayList<>(List.of("-Xmx1g", "org.jumpgate.cli.Main", "load",
                "--target", "127.0.0.1:" + port, "--scenario", scenario, "--users", usersDir.toString(),
                "--concurrency", Integer.toString(concurrency), "--duration", seconds + "s", "--timeout", "30s",
                "--json", json.toString(), "--quiet"));
        args.addAll(kexArgs());
        args.addAll(extra);
        Process p = java(dir.resolve("load.log"), args.toArray(String[]::new));
        try {
            assertThat(p.waitFor(seconds + 120, TimeUnit.SECONDS)).as("load run " + label + " ended").isTrue();
        } finally {
            stopProcess(p);
        }
        assertThat(p.exitValue()).as("load exit, see " + dir.resolve("load.log")).isZero();
        JsonNode s = JSON.readTree(json.toFile());
        assertThat(s.path("completed").asLong()).as(label + " completed").isPositive();
        return s;
    }

    private static Process java(Path log, String... args) throws IOException {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.add("-cp");
        cmd.add(System.getProperty("java.class.path"));
        cmd.addAll(Arrays.asList(args));
        return new ProcessBuilder(cmd).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
    }

    private static void stopProcess(Process p) {
        if (p == null || !p.isAlive()) {
            return;
        }
        p.destroy();
        try {
            if (!p.waitFor(120, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                p.waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            p.destroyForcibly();
        }
    }

    private record Mem(long heap, long rss) {
    }

    private static Mem mem() throws IOException {
        for (int i = 0; i < 3; i++) {
            System.gc();
        }
        long heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
        long rss = 0;
        for (String l : Files.readAllLines(Path.of("/proc/self/status"))) {
            if (l.startsWith("VmRSS:")) {
                rss = Long.parseLong(l.replaceAll("[^0-9]", "")) * 1024;
            }
        }
        return new Mem(heap, rss);
    }

    private static long selfCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
    }

    private static double ms(JsonNode s, String metric, String pct) {
        return s.path("latency_us").path(metric).path(pct).asDouble(Double.NaN) / 1000.0;
    }

    private static double median(List<Double> v) {
        List<Double> s = new ArrayList<>(v);
        s.sort(null);
        int n = s.size();
        return n % 2 == 1 ? s.get(n / 2) : (s.get(n / 2 - 1) + s.get(n / 2)) / 2;
    }

    private static int[] ints(String csv) {
        return Arrays.stream(csv.split(",")).map(String::trim).filter(x -> !x.isEmpty()).mapToInt(Integer::parseInt).toArray();
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    private static void awaitPort(int port) {
        await("echo node listening, see " + dir.resolve("echo-node.log")).atMost(Duration.ofSeconds(30))
                .pollInterval(Duration.ofMillis(100)).until(() -> {
                    assertThat(echoNode.isAlive()).as("echo node running, see " + dir.resolve("echo-node.log")).isTrue();
                    try (Socket s = new Socket()) {
                        s.connect(new InetSocketAddress("127.0.0.1", port), 500);
                        return true;
                    } catch (IOException e) {
                        return false;
                    }
                });
    }

    private static String loadavg() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).trim().split(" ", 4)[0]
                    + " " + Files.readString(Path.of("/proc/loadavg")).trim().split(" ", 4)[1];
        } catch (IOException e) {
            return "?";
        }
    }

}
