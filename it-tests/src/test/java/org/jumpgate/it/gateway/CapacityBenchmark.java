package org.jumpgate.it.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import org.jumpgate.config.ConfigLoader;
import org.jumpgate.it.fixture.SshdNode;
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
 * process on the project class path) and {@code jumpgate echo-node} as the gateway's login node,
 * also its own process. The gateway runs in this JVM (publickey only), so that its heap can be
 * read after a GC.
 *
 * <ol start="4">
 * <li>handshake capacity: {@code load --scenario login} (connect, kex, key auth, exec {@code true},
 * disconnect) at fixed concurrencies for a fixed time against jumpgate (whose login also opens a
 * backend link to the echo node with a fresh certificate) and against a real OpenSSH sshd with the
 * user's key in authorized_keys; interleaved, median of runs; ratio jumpgate/sshd.</li>
 * <li>concurrency: N idle pty shells held through jumpgate to the echo node ({@code interactive},
 * long interval); gateway heap after GC and RSS, per session; echo latency p50/p99 of a small probe
 * run at that load against the same probe run with nothing held.</li>
 * </ol>
 *
 * <p>System properties: {@code jumpgate.cap.seconds} (15), {@code jumpgate.cap.runs} (3),
 * {@code jumpgate.cap.warmupSeconds} (30, logins through jumpgate before measuring),
 * {@code jumpgate.cap.concurrency} ("8,32"), {@code jumpgate.cap.sessions} ("1000,5000"),
 * {@code jumpgate.cap.ramp} (logins per second while opening held sessions, 20). Nothing asserts a
 * figure. Results are appended to {@code target/benchmark-results.txt}.
 */
@Tag("benchmark")
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class CapacityBenchmark {

    static final int SECONDS = Integer.getInteger("jumpgate.cap.seconds", 15);
    static final int RUNS = Integer.getInteger("jumpgate.cap.runs", 3);
    static final int WARMUP_SECONDS = Integer.getInteger("jumpgate.cap.warmupSeconds", 30);
    static final int[] CONCURRENCY = ints(System.getProperty("jumpgate.cap.concurrency", "8,32"));
    static final int[] SESSIONS = ints(System.getProperty("jumpgate.cap.sessions", "1000,5000"));
    static final int RAMP_PER_S = Integer.getInteger("jumpgate.cap.ramp", 20);
    static final ObjectMapper JSON = new ObjectMapper();

    static Path dir;
    static UnixUsers unix;
    static TestUser user;
    static Path usersDir;
    static Process echoNode;
    static int echoPort;
    static Gateway gateway;
    static SshdNode sshd;
    static Path resultsFile;

    @BeforeAll
    static void start() throws Exception {
        dir = Files.createTempDirectory(Path.of("/tmp"), "jg-cap-");
        resultsFile = Path.of("target", "benchmark-results.txt").toAbsolutePath();
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
        echoNode = java(dir.resolve("echo-node.log"), "-Xmx3g", "org.jumpgate.cli.Main", "echo-node",
                "--ca-key-file", ca.toString(), "--listen", "127.0.0.1:" + echoPort);
        awaitPort(echoPort);

        String yaml = "listen: \"127.0.0.1:0\"\n"
                + "dataDir: " + dir.resolve("data") + "\n"
                + "auth:\n  methods: \"publickey\"\n  authorizedKeys: " + dir.resolve("keys/%u") + "\n"
                + "audit:\n  file: " + dir.resolve("audit.log") + "\n"
                + "admin:\n  listen: \"127.0.0.1:0\"\n"
                + "backendLink:\n  connectTimeout: 10s\n"
                + "backends:\n  - name: echo-1\n    address: \"127.0.0.1:" + echoPort + "\"\n";
        Path config = Files.writeString(dir.resolve("jumpgate.yaml"), yaml);
        gateway = Gateway.builder(ConfigLoader.load(config)).configFile(config).start();
        // sshd's default MaxStartups 10:30:100 drops unauthenticated connections at random from 10 on;
        // raised so that sshd's capacity is measured, not its admission policy.
        sshd = SshdNode.start("cap-sshd", SshdNode.Options.computeNode().withConfig("MaxStartups 1000"));
        report("# CapacityBenchmark " + ZonedDateTime.now().format(DateTimeFormatter.ISO_OFFSET_DATE_TIME) + ", "
                + Runtime.getRuntime().availableProcessors() + " cpus, " + SECONDS + " s per run, runs " + RUNS
                + ", load generator and echo node in their own JVMs, gateway in the test JVM (pid "
                + ProcessHandle.current().pid() + "), loadavg " + loadavg());
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
        org.jumpgate.it.fixture.TempDirs.delete(dir);
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
                    long child0 = childCpuMillis();
                    long server0 = isJg ? treeCpuMillis(echoNode.pid()) : treeCpuMillis(sshd.pid());
                    JsonNode s = load(isJg ? "jumpgate" : "sshd", isJg ? gateway.port() : sshd.port(), "login", c,
                            SECONDS, List.of());
                    long cpu = selfCpuNanos() - cpu0;
                    long childCpu = childCpuMillis() - child0;
                    Thread.sleep(500); // sshd reaps its last connection processes
                    long serverCpu = (isJg ? treeCpuMillis(echoNode.pid()) + cpu / 1_000_000 : treeCpuMillis(sshd.pid())) - server0;
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
            report(String.format(Locale.ROOT,
                    "handshake-capacity concurrency %d: jumpgate %.1f logins/s, sshd %.1f logins/s, ratio %.2f (median of %d, %d s each)",
                    c, mj, mo, mj / mo, RUNS, SECONDS));
            double cj = median(jgCpu);
            double co = median(osCpu);
            report(String.format(Locale.ROOT,
                    "#   concurrency %d server cpu per login (median): jumpgate %.1f ms (gateway jvm + echo node), sshd %.1f ms (listener and all"
                            + " its connection processes); logins per cpu-second: jumpgate %.1f, sshd %.1f, ratio %.2f",
                    c, cj, co, 1000 / cj, 1000 / co, co / cj));
            report("#   " + String.join(" | ", detail));
        }
    }

    @Test
    @Order(5)
    void idleSessions() throws Exception {
        JsonNode base = probe();
        report(String.format(Locale.ROOT, "idle-sessions baseline (0 held): probe echo p50 %.2f ms p99 %.2f ms (%d probes)",
                ms(base, "echo", "p50"), ms(base, "echo", "p99"), base.path("latency_us").path("echo").path("count").asLong()));
        for (int n : SESSIONS) {
            Mem before = mem();
            int rampS = Math.max(1, n / RAMP_PER_S);
            Path log = dir.resolve("held-" + n + ".log");
            Process held = java(log, "-Xmx6g", "org.jumpgate.cli.Main", "load", "--target", "127.0.0.1:" + gateway.port(),
                    "--scenario", "interactive", "--users", usersDir.toString(), "--concurrency", Integer.toString(n),
                    "--ramp", rampS + "s", "--duration", (rampS + 240) + "s", "--interval", "60s", "--timeout", "60s",
                    "--quiet");
            try {
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(rampS + 120);
                while (gateway.activeSessions() < n && System.nanoTime() < deadline && held.isAlive()) {
                    Thread.sleep(500);
                }
                int reached = gateway.activeSessions();
                Thread.sleep(5000);
                Mem at = mem();
                JsonNode p = probe();
                Mem after = mem();
                double heapPer = (at.heap - before.heap) / (double) reached;
                double rssPer = (at.rss - before.rss) / (double) reached;
                report(String.format(Locale.ROOT,
                        "idle-sessions %d requested, %d held (ramp %d s): gateway heap after GC %.0f MiB (was %.0f), %.1f KiB/session;"
                                + " RSS %.0f MiB (was %.0f), %.1f KiB/session; probe echo p50 %.2f ms p99 %.2f ms,"
                                + " added p50 %+.2f ms p99 %+.2f ms; heap after GC after probe %.0f MiB; threads %d; loadavg %s",
                        n, reached, rampS, at.heap / 1048576.0, before.heap / 1048576.0, heapPer / 1024, at.rss / 1048576.0,
                        before.rss / 1048576.0, rssPer / 1024, ms(p, "echo", "p50"), ms(p, "echo", "p99"),
                        ms(p, "echo", "p50") - ms(base, "echo", "p50"), ms(p, "echo", "p99") - ms(base, "echo", "p99"),
                        after.heap / 1048576.0, Thread.activeCount(), loadavg()));
            } finally {
                stopProcess(held);
            }
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (gateway.activeSessions() > 0 && System.nanoTime() < deadline) {
                Thread.sleep(500);
            }
        }
    }

    /** A small probe run: 5 pty shells typing every 250 ms for 20 s. */
    private static JsonNode probe() throws Exception {
        return load("probe", gateway.port(), "interactive", 5, 20, List.of("--interval", "250ms"));
    }

    /** Runs {@code jumpgate load} in its own JVM and returns its JSON summary. */
    private static JsonNode load(String label, int port, String scenario, int concurrency, int seconds, List<String> extra)
            throws Exception {
        Path json = dir.resolve("load-" + label + "-" + System.nanoTime() + ".json");
        List<String> args = new ArrayList<>(List.of("-Xmx1g", "org.jumpgate.cli.Main", "load",
                "--target", "127.0.0.1:" + port, "--scenario", scenario, "--users", usersDir.toString(),
                "--concurrency", Integer.toString(concurrency), "--duration", seconds + "s", "--timeout", "30s",
                "--json", json.toString(), "--quiet"));
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
            if (!p.waitFor(20, TimeUnit.SECONDS)) {
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

    /** utime + stime + cutime + cstime of {@code pid}, ms: itself and every descendant it has reaped. */
    private static long treeCpuMillis(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return (Long.parseLong(f[11]) + Long.parseLong(f[12]) + Long.parseLong(f[13]) + Long.parseLong(f[14])) * 10;
        } catch (IOException e) {
            return 0;
        }
    }

    /** CPU of waited-for children (the load generator JVMs), from /proc/self/stat cutime + cstime. */
    private static long childCpuMillis() {
        try {
            String stat = Files.readString(Path.of("/proc/self/stat"));
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return (Long.parseLong(f[13]) + Long.parseLong(f[14])) * 10;
        } catch (IOException e) {
            return 0;
        }
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

    private static void awaitPort(int port) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (true) {
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress("127.0.0.1", port), 500);
                return;
            } catch (IOException e) {
                if (System.nanoTime() > deadline || !echoNode.isAlive()) {
                    throw new IOException("echo node did not start, see " + dir.resolve("echo-node.log"), e);
                }
                Thread.sleep(100);
            }
        }
    }

    private static String loadavg() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).trim().split(" ", 4)[0]
                    + " " + Files.readString(Path.of("/proc/loadavg")).trim().split(" ", 4)[1];
        } catch (IOException e) {
            return "?";
        }
    }

    private static void report(String line) {
        System.out.println(line);
        try {
            Files.createDirectories(resultsFile.getParent());
            Files.writeString(resultsFile, line + "\n", StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
