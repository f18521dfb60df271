package org.jumpgate.it.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jumpgate.it.fixture.Cpus;
import org.jumpgate.it.fixture.OpenSsh;
import org.jumpgate.it.fixture.Result;
import org.jumpgate.it.fixture.SshdNode;
import org.jumpgate.it.fixture.TestUser;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * jumpgate beside OpenSSH on the same machine, in the same run, interleaved (A B, then B A, ...),
 * median of several runs; prints ratios jumpgate/OpenSSH. Not a test of any figure: nothing here
 * asserts a wall-clock limit, only that every transfer and login succeeded.
 *
 * <ol>
 * <li>jump throughput: {@code ssh cn-a001 'cat > /dev/null' < FILE} with jumpgate as the ProxyJump
 * host vs the same with an OpenSSH sshd as the ProxyJump host, to the same real sshd compute node;
 * once with {@code Ciphers aes128-gcm@openssh.com} on both hops, once with the client defaults;</li>
 * <li>session relay throughput: {@code scp FILE mila:/dev/null} vs scp straight to the login node;</li>
 * <li>login latency: sequential {@code ssh mila true} vs {@code ssh -J openssh-jump login-1 true}
 * vs {@code ssh login-1 true}, p50 and p90.</li>
 * </ol>
 *
 * <p>Sizes: system properties {@code jumpgate.bench.mib} (default 1024), {@code jumpgate.bench.runs}
 * (default 5), {@code jumpgate.bench.logins} (default 30), {@code jumpgate.bench.warmupMib}
 * (default 256), {@code jumpgate.bench.warmupRounds} (default 3). Results are also appended to {@code target/benchmark-results.txt}.
 * Run with {@code bench/run} (see docs/performance.md); excluded from the normal build by the
 * {@code benchmark} tag.
 */
@Tag("benchmark")
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class OpenSshComparisonBenchmark {

    static final long MIB = Long.getLong("jumpgate.bench.mib", 1024);
    static final long WARMUP_MIB = Long.getLong("jumpgate.bench.warmupMib", 256);
    static final int WARMUP_ROUNDS = Integer.getInteger("jumpgate.bench.warmupRounds", 3);
    static final int RUNS = Integer.getInteger("jumpgate.bench.runs", 5);
    static final int LOGINS = Integer.getInteger("jumpgate.bench.logins", 30);
    /**
     * Pinned: the servers under test (the gateway, the OpenSSH jump host) on CPUs of their own, as on
     * their own hosts in production, and everything else (ssh/scp clients, the login and compute
     * nodes' sshd) on CPU 0. Both sides of every pair get the same split.
     */
    static final boolean PIN = Boolean.getBoolean("jumpgate.bench.pin") && Cpus.count() >= 2;
    static final Duration TRANSFER_TIMEOUT = Duration.ofMinutes(5);

    static final String USER = "bench";
    static final String OS_JUMP = "os-jump";
    static final String OS_CN = "os-cn";
    static final String LOGIN_DIRECT = "login-direct";
    static final String LOGIN_VIA_OS = "login-via-os";
    static final String CN = "cn-a001";
    /** The remote side times the payload: from the command's start to the EOF of its input. */
    static final String TIMED_SINK = "s=$(date +%s%N); cat > /dev/null; e=$(date +%s%N); echo $(( (e - s) / 1000 ))";
    static final Pattern CIPHER = Pattern.compile("kex: client->server cipher: (\\S+) MAC: (\\S+)");

    static Path dir;
    static Path payload;
    static Path warmup;
    static SshdNode cn;
    static SshdNode osJump;
    static GatewayFixture gw;
    static TestUser user;
    static OpenSsh defaults;
    static OpenSsh gcm;

    @BeforeAll
    static void start() throws Exception {
        dir = Files.createTempDirectory(Path.of("/tmp"), "jg-bench-");
        cn = SshdNode.start(CN, SshdNode.Options.computeNode());
        osJump = SshdNode.start(OS_JUMP, SshdNode.Options.computeNode().withConfig("AllowTcpForwarding yes"));
        Path jobs = Files.writeString(dir.resolve("jobs.yaml"), "jg" + USER + ": [" + CN + "]\n");
        String yaml = "compute:\n  pattern: \"cn-*\"\n  nodes:\n    " + CN + ": \"" + cn.address() + "\"\n"
                + "  ports: [22]\n"
                + "jobs:\n  source: file\n  file: " + jobs + "\n";
        gw = GatewayFixture.startKeyOnly(List.of("login-1"), Map.of(), yaml);
        user = gw.user(USER);
        gw.authorizeOnNodes(user);
        SshdNode login = gw.node("login-1");
        List<String> known = new ArrayList<>(cn.knownHostsLines(CN));
        known.addAll(cn.knownHostsLines());
        known.addAll(osJump.knownHostsLines());
        known.addAll(login.knownHostsLines());
        defaults = client(known, login);
        gcm = client(known, login, "Ciphers aes128-gcm@openssh.com");
        payload = randomFile("payload", MIB);
        warmup = randomFile("warmup", WARMUP_MIB);
        if (PIN) {
            Cpus.splitThisJvm(Cpus.CLIENTS, Cpus.servers()); // clients started from here on run on Cpus.CLIENTS
            Cpus.pin(osJump.pid(), Cpus.servers());
            Cpus.pin(cn.pid(), Cpus.CLIENTS);
            Cpus.pin(login.pid(), Cpus.CLIENTS);
        }
        BenchmarkResults.report("# OpenSshComparisonBenchmark " + ZonedDateTime.now().format(DateTimeFormatter.ISO_OFFSET_DATE_TIME)
                + ", " + Cpus.count() + " cpus, payload " + MIB + " MiB, runs " + RUNS
                + ", logins " + LOGINS + ", " + OpenSshVersion.get() + ", "
                + (PIN ? "pinned: gateway and OpenSSH jump host on cpus " + Cpus.servers()
                        + ", clients and the login and compute nodes on cpu " + Cpus.CLIENTS
                        : "not pinned: every process on every cpu"));
        for (var c : Map.of("client defaults", defaults, "aes128-gcm forced", gcm).entrySet()) {
            BenchmarkResults.report("# negotiated (" + c.getKey() + "): to jumpgate " + negotiated(c.getValue(), "mila")
                    + "; to OpenSSH jump host " + negotiated(c.getValue(), OS_JUMP)
                    + "; to compute node " + negotiated(c.getValue(), OS_CN));
        }
    }

    /** A client: the login guide's config plus the OpenSSH jump host, a compute node behind it, the login node. */
    private static OpenSsh client(List<String> known, SshdNode login, String... global) {
        List<String> lines = new ArrayList<>(List.of(global));
        lines.addAll(List.of(
                "Host " + OS_JUMP, "  HostName 127.0.0.1", "  Port " + osJump.port(),
                "Host " + OS_CN, "  HostName 127.0.0.1", "  Port " + cn.port(), "  ProxyJump " + OS_JUMP,
                "Host " + LOGIN_DIRECT, "  HostName 127.0.0.1", "  Port " + login.port(),
                "Host " + LOGIN_VIA_OS, "  HostName 127.0.0.1", "  Port " + login.port(), "  ProxyJump " + OS_JUMP));
        return gw.client(user, known, lines.toArray(String[]::new));
    }

    @AfterAll
    static void stop() {
        for (AutoCloseable c : new AutoCloseable[] {gw, cn, osJump}) {
            try {
                if (c != null) {
                    c.close();
                }
            } catch (Exception e) {
                // keep closing the rest
            }
        }
        org.jumpgate.it.fixture.TempDirs.delete(dir);
    }

    @Test
    @Order(1)
    void jumpThroughput() {
        for (OpenSsh c : List.of(gcm, defaults)) {
            warmUp(() -> jump(c, CN, warmup), () -> jump(c, OS_CN, warmup));
        }
        List<Meter> viaJumpgate = List.of(Meter.CLIENTS, Meter.GATEWAY, Meter.sshd("node", cn));
        List<Meter> viaOpenSsh = List.of(Meter.CLIENTS, Meter.sshd("jump sshd", osJump), Meter.sshd("node", cn));
        pairs("jump-throughput same-cipher (aes128-gcm)", () -> jump(gcm, CN, payload), viaJumpgate,
                () -> jump(gcm, OS_CN, payload), viaOpenSsh);
        pairs("jump-throughput client-defaults", () -> jump(defaults, CN, payload), viaJumpgate,
                () -> jump(defaults, OS_CN, payload), viaOpenSsh);
    }

    @Test
    @Order(2)
    void sessionRelayThroughput() {
        for (OpenSsh c : List.of(gcm, defaults)) {
            warmUp(() -> scp(c, "mila", warmup), () -> scp(c, LOGIN_DIRECT, warmup));
        }
        Meter login = Meter.sshd("login sshd", gw.node("login-1"));
        double[] byDefault = pairs("session-relay scp (client defaults)", () -> scp(defaults, "mila", payload),
                List.of(Meter.CLIENTS, Meter.GATEWAY, login), () -> scp(defaults, LOGIN_DIRECT, payload),
                List.of(Meter.CLIENTS, login));
        double[] withGcm = pairs("session-relay scp (aes128-gcm forced)", () -> scp(gcm, "mila", payload),
                List.of(Meter.CLIENTS, Meter.GATEWAY, login), () -> scp(gcm, LOGIN_DIRECT, payload),
                List.of(Meter.CLIENTS, login));
        // an OpenSSH client picks aes128-ctr (+ HMAC, costly in Java) from jumpgate's offer, and
        // chacha20 from a login node's sshd: this is what users get if the login guide's Host mila
        // block puts AES-GCM first (Ciphers ^aes128-gcm@openssh.com,aes256-gcm@openssh.com)
        BenchmarkResults.report(String.format(Locale.ROOT, "session-relay scp, aes128-gcm to jumpgate vs client defaults direct: "
                + "jumpgate %.0f MiB/s, openssh %.0f MiB/s, ratio %.2f (medians of the two lines above)",
                withGcm[0], byDefault[1], withGcm[0] / byDefault[1]));
    }

    @Test
    @Order(3)
    void loginLatency() {
        login("mila");
        login(LOGIN_VIA_OS);
        login(LOGIN_DIRECT);
        List<String> hosts = List.of("mila", LOGIN_VIA_OS, LOGIN_DIRECT);
        Map<String, List<Double>> ms = new LinkedHashMap<>();
        hosts.forEach(h -> ms.put(h, new ArrayList<>()));
        for (int i = 0; i < LOGINS; i++) {
            for (int k = 0; k < hosts.size(); k++) {
                String h = hosts.get((i + k) % hosts.size()); // rotate who goes first
                ms.get(h).add(login(h));
            }
        }
        double jg50 = percentile(ms.get("mila"), 50);
        double os50 = percentile(ms.get(LOGIN_VIA_OS), 50);
        double d50 = percentile(ms.get(LOGIN_DIRECT), 50);
        BenchmarkResults.report(String.format(Locale.ROOT,
                "login-latency (%d sequential ssh ... true, publickey): jumpgate p50 %.0f ms p90 %.0f ms, "
                        + "openssh -J p50 %.0f ms p90 %.0f ms, direct p50 %.0f ms p90 %.0f ms, "
                        + "ratio jumpgate/openssh-J p50 %.2f, jumpgate/direct p50 %.2f",
                LOGINS, jg50, percentile(ms.get("mila"), 90), os50, percentile(ms.get(LOGIN_VIA_OS), 90), d50,
                percentile(ms.get(LOGIN_DIRECT), 90), jg50 / os50, jg50 / d50));
    }

    /**
     * Not measured: lets the gateway's JIT compile the path first (perf showed C2 compiler threads
     * taking a third of the JVM's CPU in the first seconds of a path not yet warm), as a gateway
     * that has been up for a while would be.
     */
    private static void warmUp(Runnable jumpgate, Runnable openssh) {
        for (int i = 0; i < WARMUP_ROUNDS; i++) {
            jumpgate.run();
        }
        openssh.run();
    }

    /** One transfer through a jump host; returns {wall MiB/s, payload MiB/s timed by the node}. */
    private static double[] jump(OpenSsh client, String host, Path file) {
        long t0 = System.nanoTime();
        Result r = client.withStdin(file).withTimeout(TRANSFER_TIMEOUT).ssh(host, TIMED_SINK);
        long wallNanos = System.nanoTime() - t0;
        assertThat(r.exitCode()).as(host + ": " + r).isZero();
        long remoteMicros = Long.parseLong(r.stdout().strip());
        double mib = size(file);
        return new double[] {mib / (wallNanos / 1e9), mib / (remoteMicros / 1e6)};
    }

    private static double[] scp(OpenSsh client, String host, Path file) {
        long t0 = System.nanoTime();
        Result r = client.withTimeout(TRANSFER_TIMEOUT).scp("-q", file.toString(), host + ":/dev/null");
        long wallNanos = System.nanoTime() - t0;
        assertThat(r.exitCode()).as(host + ": " + r).isZero();
        double rate = size(file) / (wallNanos / 1e9);
        return new double[] {rate, rate};
    }

    private static double login(String host) {
        long t0 = System.nanoTime();
        Result r = defaults.ssh(host, "true");
        double ms = (System.nanoTime() - t0) / 1e6;
        assertThat(r.exitCode()).as(host + ": " + r).isZero();
        return ms;
    }

    /**
     * Runs A and B interleaved RUNS times (A B, B A, A B...) and reports medians and the ratio A/B,
     * and the CPU seconds per GiB each process group spent (medians), to see where the time goes.
     */
    private static double[] pairs(String name, Supplier<double[]> jumpgate, List<Meter> jumpgateMeters,
            Supplier<double[]> openssh, List<Meter> opensshMeters) {
        List<double[]> a = new ArrayList<>();
        List<double[]> b = new ArrayList<>();
        for (int i = 0; i < RUNS; i++) {
            if (i % 2 == 0) {
                a.add(metered(jumpgate, jumpgateMeters));
                b.add(metered(openssh, opensshMeters));
            } else {
                b.add(metered(openssh, opensshMeters));
                a.add(metered(jumpgate, jumpgateMeters));
            }
        }
        double aw = median(a, 0);
        double bw = median(b, 0);
        double ap = median(a, 1);
        double bp = median(b, 1);
        String line = String.format(Locale.ROOT, "%s: jumpgate %.0f MiB/s, openssh %.0f MiB/s, ratio %.2f (median of %d, %d MiB, wall clock)",
                name, aw, bw, aw / bw, RUNS, MIB);
        if (ap != aw) {
            line += String.format(Locale.ROOT, "; payload only (timed on the node): jumpgate %.0f MiB/s, openssh %.0f MiB/s, ratio %.2f",
                    ap, bp, ap / bp);
        }
        BenchmarkResults.report(line);
        BenchmarkResults.report(String.format(Locale.ROOT, "#   runs jumpgate %s | openssh %s", runs(a), runs(b)));
        BenchmarkResults.report("#   cpu s/GiB jumpgate: " + cpu(a, jumpgateMeters) + " | openssh: " + cpu(b, opensshMeters));
        return new double[] {aw, bw};
    }

    /** {wall MiB/s, payload MiB/s, then CPU seconds per GiB of each meter}. */
    private static double[] metered(Supplier<double[]> transfer, List<Meter> meters) {
        List<Map<Long, Long>> base = new ArrayList<>();
        List<Map<Long, Long>> last = new ArrayList<>();
        for (Meter m : meters) {
            base.add(m.sample());
            last.add(new java.util.concurrent.ConcurrentHashMap<>(base.get(base.size() - 1)));
        }
        // processes come and go during a transfer: poll their CPU time so that what a process
        // spent is known after it has exited (at most one poll interval of its CPU is missed)
        Runnable poll = () -> {
            for (int i = 0; i < meters.size(); i++) {
                last.get(i).putAll(meters.get(i).sample());
            }
        };
        var poller = java.util.concurrent.Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "bench-cpu-poller");
            t.setDaemon(true);
            return t;
        });
        double[] rates;
        try {
            poller.scheduleAtFixedRate(poll, 0, 50, java.util.concurrent.TimeUnit.MILLISECONDS);
            rates = transfer.get();
        } finally {
            poller.shutdown();
            try {
                poller.awaitTermination(5, java.util.concurrent.TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        poll.run();
        double[] out = Arrays.copyOf(rates, 2 + meters.size());
        for (int i = 0; i < meters.size(); i++) {
            long ticks = 0;
            for (var e : last.get(i).entrySet()) {
                ticks += e.getValue() - base.get(i).getOrDefault(e.getKey(), 0L);
            }
            out[2 + i] = ticks / (double) Meter.CLK_TCK / (MIB / 1024.0);
        }
        return out;
    }

    private static String cpu(List<double[]> runs, List<Meter> meters) {
        List<String> parts = new ArrayList<>();
        double total = 0;
        for (int i = 0; i < meters.size(); i++) {
            double m = median(runs, 2 + i);
            total += m;
            parts.add(String.format(Locale.ROOT, "%s %.2f", meters.get(i).name(), m));
        }
        return String.join(", ", parts) + String.format(Locale.ROOT, " (sum %.2f)", total);
    }

    /**
     * CPU time (utime + stime from {@code /proc/PID/stat}) of a group of processes: this JVM's own
     * threads (the gateway), the ssh/scp clients this JVM started with their children (ProxyJump
     * {@code ssh -W}), or an sshd listener with its connection and session processes.
     */
    record Meter(String name, Kind kind, long pid) {
        enum Kind { JVM, CLIENTS, TREE }

        static final long CLK_TCK = Cpus.CLK_TCK;
        static final Meter CLIENTS = new Meter("ssh clients", Kind.CLIENTS, ProcessHandle.current().pid());
        /** This JVM: the gateway, plus the little the benchmark itself does while a transfer runs. */
        static final Meter GATEWAY = new Meter("gateway jvm", Kind.JVM, ProcessHandle.current().pid());
        /** sshd listeners: children of this JVM that are not clients. */
        static final java.util.Set<Long> LISTENERS = java.util.concurrent.ConcurrentHashMap.newKeySet();

        static Meter sshd(String name, SshdNode node) {
            LISTENERS.add(node.pid());
            return new Meter(name, Kind.TREE, node.pid());
        }

        /**
         * pid to CPU ticks so far, for every process of the group alive now. Cheap enough to poll
         * every few milliseconds: it reads {@code /proc/PID/task/TID/children} of the group's
         * processes only, never the whole process table (as ProcessHandle.descendants() would).
         */
        Map<Long, Long> sample() {
            Map<Long, Long> m = new java.util.HashMap<>();
            List<Long> todo = new ArrayList<>();
            switch (kind) {
                case JVM -> todo.add(pid);
                case CLIENTS -> children(pid).stream().filter(c -> !LISTENERS.contains(c)).forEach(todo::add);
                case TREE -> todo.add(pid);
            }
            while (!todo.isEmpty()) {
                long p = todo.remove(todo.size() - 1);
                long t = ticks(p);
                if (t >= 0) {
                    m.put(p, t);
                    if (kind != Kind.JVM) {
                        todo.addAll(children(p));
                    }
                }
            }
            return m;
        }

        private static List<Long> children(long pid) {
            List<Long> out = new ArrayList<>();
            try (var tasks = Files.newDirectoryStream(Path.of("/proc", Long.toString(pid), "task"))) {
                for (Path task : tasks) {
                    try {
                        for (String c : Files.readString(task.resolve("children")).trim().split(" ")) {
                            if (!c.isEmpty()) {
                                out.add(Long.parseLong(c));
                            }
                        }
                    } catch (IOException e) {
                        // thread gone meanwhile
                    }
                }
            } catch (IOException e) {
                // process gone
            }
            return out;
        }

        private static long ticks(long pid) {
            try {
                String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
                String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                // after "pid (comm) ": f[0] is field 3 (state); utime and stime are fields 14 and 15
                return Long.parseLong(f[11]) + Long.parseLong(f[12]);
            } catch (IOException | RuntimeException e) {
                return -1; // gone meanwhile
            }
        }
    }

    private static String negotiated(OpenSsh client, String host) {
        Result r = client.ssh("-v", host, "true");
        assertThat(r.exitCode()).as(host + ": " + r).isZero();
        List<String> found = new ArrayList<>();
        Matcher m = CIPHER.matcher(r.stderr());
        while (m.find()) {
            found.add(m.group(1) + (m.group(1).contains("gcm") || m.group(1).contains("chacha") ? "" : "+" + m.group(2)));
        }
        return String.join(" then ", found);
    }

    private static String runs(List<double[]> l) {
        return String.join(" ", l.stream().map(x -> String.format(Locale.ROOT, "%.0f", x[0])).toList());
    }

    private static double median(List<double[]> l, int index) {
        return percentile(l.stream().map(x -> x[index]).toList(), 50);
    }

    /** Nearest-rank percentile; the median of an even count is the mean of the middle two. */
    static double percentile(List<Double> values, int p) {
        double[] v = values.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        if (p == 50 && v.length % 2 == 0) {
            return (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
        }
        int rank = (int) Math.ceil(p / 100.0 * v.length);
        return v[Math.max(0, rank - 1)];
    }

    private static double size(Path file) {
        try {
            return Files.size(file) / (1024.0 * 1024.0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Random bytes (ssh compresses nothing by default; ciphers do not care what the bytes are): a
     * 16 MiB random block written over and over, so that making the file costs little CPU.
     */
    private static Path randomFile(String name, long mib) throws IOException {
        Path f = dir.resolve(name);
        byte[] block = new byte[16 << 20];
        new SplittableRandom(42).nextBytes(block);
        try (OutputStream out = Files.newOutputStream(f)) {
            for (long written = 0; written < mib << 20; written += block.length) {
                out.write(block, 0, (int) Math.min(block.length, (mib << 20) - written));
            }
        }
        return f;
    }


    /** {@code ssh -V}, for the record. */
    private static final class OpenSshVersion {
        static String get() {
            try {
                Process p = new ProcessBuilder(OpenSsh.SSH, "-V").redirectErrorStream(true).start();
                String v = new String(p.getInputStream().readAllBytes()).strip();
                p.waitFor();
                return v;
            } catch (IOException e) {
                return "ssh -V failed";
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return "ssh -V interrupted";
            }
        }
    }
}
