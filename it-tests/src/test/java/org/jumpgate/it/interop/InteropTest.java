package org.jumpgate.it.interop;

import static org.junit.jupiter.api.DynamicContainer.dynamicContainer;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.jumpgate.it.fixture.BackgroundProcess;
import org.jumpgate.it.fixture.ControlMaster;
import org.jumpgate.it.fixture.Result;
import org.jumpgate.it.interop.Matrix.Cell;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicContainer;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import org.opentest4j.TestAbortedException;

/**
 * Real third-party SSH clients against the gateway in front of a real sshd login node and a real
 * sshd compute node with a real Slurm job: a matrix of client × cell, each cell its own test
 * result (pass, FAIL, or skipped with the reason when the client itself cannot do it), printed
 * at the end (and written to {@code target/interop-matrix.md}). Then the exit status through
 * connection sharing, many times over: OpenSSH ControlMaster and PuTTY {@code -share}.
 * One cluster ({@link InteropCluster}) for the whole class.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class InteropTest {

    static final int MASTER_RUNS = 50;
    static final int SHARE_RUNS = 30;
    static final int TRANSFER_BYTES = 4 * 1024 * 1024 + 17;

    private static final Pattern SIZE = Pattern.compile("\\d+ \\d+");

    /** The rows, in order: a label and how to make that client's runner. */
    private static final Map<String, Function<InteropCluster, InteropClient>> CLIENTS = new LinkedHashMap<>();

    static {
        CLIENTS.put("OpenSSH", OpenSshClient::new);
        CLIENTS.put("PuTTY", PuttyClient::new);
        CLIENTS.put("Dropbear", DropbearClient::new);
        CLIENTS.put("paramiko", ParamikoClient::new);
        CLIENTS.put("asyncssh", AsyncsshClient::new);
        CLIENTS.put("JSch", JschClient::new);
    }

    static InteropCluster cluster;
    static final Matrix matrix = new Matrix();
    static final Map<String, Object> made = new LinkedHashMap<>(); // label -> client or what its setup threw
    static final List<String> loops = new ArrayList<>();
    static final List<String> ciphers = new ArrayList<>();

    /**
     * What each client must negotiate, where the runner can read it: the cheapest safe cipher it
     * has (AES-GCM for OpenSSH, whose own order puts AES-CTR first; AES-CTR with a SHA-2 MAC for
     * paramiko 2.12, which has no AES-GCM). PuTTY's is recorded, not checked.
     */
    private static final Map<String, Pattern> CIPHER = Map.of(
            "OpenSSH", Pattern.compile("aes(128|256)-gcm@openssh\\.com MAC <implicit>"),
            "paramiko", Pattern.compile("aes(128|192|256)-ctr MAC hmac-sha2-(256|512)(-etm@openssh\\.com)?"));

    @TempDir
    static Path files;
    static Path upload;

    @BeforeAll
    static void start() throws Exception {
        CLIENTS.keySet().forEach(matrix::row);
        byte[] data = new byte[TRANSFER_BYTES];
        new Random(9).nextBytes(data);
        upload = Files.write(files.resolve("upload.bin"), data);
        cluster = InteropCluster.start();
    }

    @AfterAll
    static void stop() throws IOException {
        try {
            made.values().forEach(c -> {
                if (c instanceof InteropClient client) {
                    client.close();
                }
            });
        } finally {
            if (cluster != null) {
                cluster.close();
            }
            String report = "Interop matrix: clients against jumpgate, sshd login node "
                    + InteropCluster.LOGIN_NODE + ", sshd compute node " + InteropCluster.COMPUTE_NODE
                    + " with a RUNNING Slurm job\n\n" + matrix.render()
                    + (loops.isEmpty() ? "" : "\n" + String.join("\n", loops) + "\n")
                    + (ciphers.isEmpty() ? "" : "\nNegotiated server-to-client cipher, as each client shows it:\n"
                            + String.join("\n", ciphers) + "\n");
            System.out.println("\n" + report);
            if (Files.isDirectory(Path.of("target"))) {
                Files.writeString(Path.of("target/interop-matrix.md"), report);
            }
        }
    }

    @Order(1)
    @TestFactory
    Stream<DynamicContainer> everyClientLogsInRunsTransfersJumpsAndForwards() {
        return CLIENTS.keySet().stream().map(label -> dynamicContainer(label, Arrays.stream(Cell.values())
                .map(cell -> dynamicTest(label + ": " + cell.title,
                        () -> matrix.run(label, cell, () -> cell(client(label), label, cell))))));
    }

    @Order(2)
    @Test
    void everySessionOverAControlMasterReturnsTheCommandsExitStatus() {
        OpenSshClient ssh = (OpenSshClient) client("OpenSSH");
        List<Result> runs = new ArrayList<>();
        try (ControlMaster master = ssh.controlMaster(cluster.nextCode())) {
            for (int i = 0; i < MASTER_RUNS; i++) {
                runs.add(ssh.overMaster(master, "exit 3"));
            }
        }
        report("OpenSSH ControlMaster: " + MASTER_RUNS + " x `ssh -S socket mila 'exit 3' </dev/null`", runs);
    }

    @Order(3)
    @Test
    void everyPlinkShareDownstreamReturnsTheCommandsExitStatus() {
        PuttyClient putty = (PuttyClient) client("PuTTY");
        List<Result> runs = new ArrayList<>();
        try (BackgroundProcess upstream = putty.shareUpstream(cluster.nextCode())) {
            for (int i = 0; i < SHARE_RUNS; i++) {
                runs.add(putty.shareDownstream("exit 3"));
            }
            if (!upstream.isAlive()) {
                throw new AssertionError("the plink -share upstream exited during the runs\n" + upstream.stdout());
            }
        }
        report("PuTTY -share: " + SHARE_RUNS + " x `plink -share -batch mila 'exit 3' </dev/null`", runs);
    }

    @Order(4)
    @TestFactory
    Stream<DynamicTest> everyClientNegotiatesTheCheapestSafeCipherItHas() {
        return Stream.of("OpenSSH", "paramiko", "PuTTY").map(label -> dynamicTest(label + ": cipher", () -> {
            InteropClient client = client(label);
            String got = client.cipher(cluster::nextCode);
            synchronized (ciphers) {
                ciphers.add("- " + client.name() + ": " + got);
            }
            Pattern expected = CIPHER.get(label);
            require(expected == null || expected.matcher(got).matches(),
                    label + " negotiated '" + got + "', expected " + expected, got);
        }));
    }

    private static void report(String what, List<Result> runs) {
        Map<Integer, Integer> statuses = new TreeMap<>();
        runs.forEach(r -> statuses.merge(r.exitCode(), 1, Integer::sum));
        long threes = runs.stream().filter(r -> r.exitCode() == 3).count();
        String line = what + ": " + threes + " of " + runs.size() + " returned 3; exit statuses " + statuses;
        loops.add(line);
        if (threes != runs.size()) {
            Result first = runs.stream().filter(r -> r.exitCode() != 3).findFirst().orElseThrow();
            throw new AssertionError(line + "\nfirst other run: " + first);
        }
    }

    private static void cell(InteropClient client, String label, Cell cell) throws Exception {
        Supplier<String> codes = cluster::nextCode;
        String user = cluster.user().name();
        switch (cell) {
            case LOGIN -> {
                String before = cluster.audit();
                Result r = client.exec(codes, "echo \"$LOGIN_NODE $USER\"");
                String expected = InteropCluster.LOGIN_NODE + " " + user;
                require(r.exitCode() == 0 && InteropCluster.lines(r.stdout()).contains(expected),
                        "no '" + expected + "' from the login node: " + summary(r), r);
                cluster.assertChainedLoginSince(before);
            }
            case EXEC -> {
                Result r = client.exec(codes, "echo ran-on-login-node; exit 3");
                require(InteropCluster.lines(r.stdout()).contains("ran-on-login-node"),
                        "the command did not run: " + summary(r), r);
                require(r.exitCode() == 3, "exit status " + r.exitCode() + ", expected 3: " + summary(r), r);
            }
            case PTY -> {
                List<String> sizes = client.ptySizes(codes).stream().filter(l -> SIZE.matcher(l).matches()).toList();
                List<String> expected = List.of(PtyResize.ROWS + " " + PtyResize.COLUMNS,
                        PtyResize.NEW_ROWS + " " + PtyResize.NEW_COLUMNS);
                require(sizes.equals(expected), "stty size showed " + sizes + ", expected " + expected, sizes);
            }
            case TRANSFER -> {
                Path download = files.resolve(label + "-download.bin");
                Files.deleteIfExists(download);
                client.roundTrip(codes, upload, "jg-interop-" + label.toLowerCase() + ".bin", download);
                require(Files.exists(download), "nothing downloaded", download);
                String up = sha256(upload);
                String down = sha256(download);
                require(up.equals(down), "sha256 differs: sent " + up + " (" + Files.size(upload) + " bytes), got "
                        + down + " (" + Files.size(download) + " bytes)", download);
            }
            case JUMP -> {
                Result r = client.jump(codes, InteropCluster.COMPUTE_NODE, "echo \"$LOGIN_NODE $USER\"");
                String expected = InteropCluster.COMPUTE_NODE + " " + user;
                require(r.exitCode() == 0 && InteropCluster.lines(r.stdout()).contains(expected),
                        "no '" + expected + "' from the compute node: " + summary(r), r);
            }
            case FORWARD -> {
                String before = cluster.audit();
                String text = "through-the-forward-" + label;
                String got = client.forward(codes, cluster.echoPort(), text);
                require(text.equals(got), "the forward echoed '" + got + "', expected '" + text + "'", got);
                cluster.assertForwardViaLoginNodeSince(before, cluster.echoPort());
            }
            default -> throw new IllegalStateException(cell.name());
        }
    }

    /** The client's runner, made once; a setup that threw is thrown again for each of its cells. */
    private static synchronized InteropClient client(String label) {
        Object c = made.computeIfAbsent(label, l -> {
            try {
                InteropClient client = CLIENTS.get(l).apply(cluster);
                matrix.name(l, client.name());
                return client;
            } catch (RuntimeException | Error e) {
                return e;
            }
        });
        if (c instanceof TestAbortedException e) {
            throw new TestAbortedException(e.getMessage(), e);
        }
        if (c instanceof Throwable t) {
            throw new AssertionError(label + " client setup failed: " + t, t);
        }
        return (InteropClient) c;
    }

    private static void require(boolean ok, String summary, Object details) {
        if (!ok) {
            throw new AssertionError(summary + "\n--- details ---\n" + details);
        }
    }

    /** {@code exit N: <the client's last line of stderr, or of stdout>}. */
    private static String summary(Result r) {
        List<String> err = InteropCluster.lines(r.stderr());
        List<String> out = InteropCluster.lines(r.stdout());
        String last = !err.isEmpty() ? err.get(err.size() - 1) : out.isEmpty() ? "(no output)" : out.get(out.size() - 1);
        return "exit " + r.exitCode() + ": " + last;
    }

    private static String sha256(Path file) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
    }
}
