package org.jumpgate.it.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.jumpgate.it.fixture.BackgroundProcess;
import org.jumpgate.it.fixture.ControlMaster;
import org.jumpgate.it.fixture.OpenSsh;
import org.jumpgate.it.fixture.Result;
import org.jumpgate.it.fixture.SshdNode;
import org.jumpgate.it.fixture.TempDirs;
import org.jumpgate.it.fixture.TestUser;
import org.jumpgate.it.slurm.SlurmCluster;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code ssh mila-cpu}, as the login guide promises it: the gateway finds the user's CPU job or
 * submits one as the user, and takes the connection to its node, in the session form (a listener
 * bound to the target, the gateway's host key, the node trusting the gateway CA) and the jump form
 * ({@code ssh -J mila cpu}, the node checking the user's own key). Real Slurm (the user's own
 * {@code sbatch}, {@code squeue} and {@code scancel} on the login node), real sshd login and
 * compute nodes, real OpenSSH.
 */
class CpuJobTest {

    static final String USER = "jgalice";
    static final String JOB_NAME = "jumpgate-cpu";
    /** The test's {@code cpuJobs.idle}: long enough for a test's steps, short enough to be waited for. */
    static final Duration IDLE = Duration.ofSeconds(30);
    static final Duration WAIT = Duration.ofSeconds(20);
    static final Duration LIMIT = Duration.ofSeconds(120);

    /**
     * The code is asked once an hour per key and address (as a site would set it for VS Code's many
     * connections): concurrent connections need no code each.
     */
    static final String REMEMBER = "  rememberSecondFactor: 1h\n";

    static SlurmCluster slurm;
    static SshdNode cn1;
    static SshdNode cn2;
    static Path caDir;
    static GatewayFixture gw;
    static TestUser alice;
    static OpenSsh ssh;

    @BeforeAll
    static void start() throws Exception {
        slurm = SlurmCluster.start(USER);
        caDir = TempDirs.create("cpu-ca");
        Path ca = caDir.resolve("gateway-ca.pub");
        Files.writeString(ca, "");
        Files.setPosixFilePermissions(ca, PosixFilePermissions.fromString("rw-r--r--"));
        // compute nodes trust the gateway CA (session form) and users' own keys (jump form)
        cn1 = SshdNode.start("cn-a001", SshdNode.Options.computeNode().withTrustedUserCaKeys(ca));
        cn2 = SshdNode.start("cn-a002", SshdNode.Options.computeNode().withTrustedUserCaKeys(ca));
        gw = GatewayFixture.startWithLoginNodeEnv(List.of("login-1"), REMEMBER, config(List.of("--cpus-per-task=1",
                "--time=00:30:00")), slurm.env());
        Files.writeString(ca, gw.gateway().ca().publicKeyLine() + "\n");
        alice = gw.user("alice");
        gw.authorizeOnNodes(alice);
        ssh = client(gw, alice);
    }

    static String config(List<String> sbatch) {
        return "compute:\n  pattern: \"cn-*\"\n  nodes:\n"
                + "    cn-a001: \"" + cn1.address() + "\"\n    cn-a002: \"" + cn2.address() + "\"\n"
                + "  ports: [22]\n  networks: [\"127.0.0.0/8\"]\n"
                + "jobs:\n  source: slurm-cli\n  refresh: 1s\n  slurmConf: " + slurm.slurmConf() + "\n"
                + "cpuJobs:\n  target: cpu\n  jobName: " + JOB_NAME + "\n  sbatch: ["
                + String.join(", ", sbatch.stream().map(f -> "\"" + f + "\"").toList()) + "]\n"
                + "  wait: " + WAIT.toSeconds() + "s\n  idle: " + IDLE.toSeconds() + "s\n"
                + "listeners:\n  - listen: \"127.0.0.1:0\"\n    target: cpu\n";
    }

    /** The login guide's config: {@code mila-cpu} is the gateway's CPU listener, {@code cpu} the jump form. */
    static OpenSsh client(GatewayFixture g, TestUser user) {
        int cpuPort = g.gateway().pinnedAddresses().get(0).getPort();
        List<String> known = new ArrayList<>(g.knownHosts());
        known.addAll(g.knownHostsFor(cpuPort)); // the gateway's own keys: known_hosts never changes
        known.addAll(cn1.knownHostsLines("cpu")); // the jump form sees the node's key under the target name
        known.addAll(cn2.knownHostsLines("cpu"));
        return OpenSsh.builder(user).gatewayPort(g.gateway().port()).knownHosts(known)
                .host("mila-cpu", "HostName 127.0.0.1", "Port " + cpuPort)
                .host("cpu", "ProxyJump " + OpenSsh.GATEWAY)
                .build();
    }

    @AfterAll
    static void stop() {
        if (ssh != null) {
            ssh.close();
        }
        for (AutoCloseable c : new AutoCloseable[] {gw, cn1, cn2, slurm}) {
            try {
                if (c != null) {
                    c.close();
                }
            } catch (Exception e) {
                // keep closing the rest
            }
        }
        if (caDir != null) {
            TempDirs.delete(caDir);
        }
    }

    @AfterEach
    void cancelJobs() {
        slurm.cancelAll();
    }

    private Result cpu(String... command) {
        List<String> args = new ArrayList<>(List.of("mila-cpu"));
        args.addAll(List.of(command));
        return ssh.withCode(gw.nextCode(alice)).ssh(args.toArray(String[]::new));
    }

    /** The user's jobs named {@link #JOB_NAME} as squeue shows them to root: "ID USER NAME STATE", one a line. */
    private static List<String> jobs() {
        String out = slurm.slurm("squeue", "--noheader", "--name=" + JOB_NAME, "--format=%i %u %j %T");
        return out.lines().map(String::strip).filter(l -> !l.isEmpty()).toList();
    }

    private static String onlyJobId() {
        assertThat(jobs()).hasSize(1);
        return jobs().get(0).split(" ")[0];
    }

    @Test
    void firstConnectionSubmitsOneJobWhichLaterConnectionsShareUntilItIsIdle() {
        int auditBefore = gw.audit().length(); // the gateway, and its audit file, serve every test here
        Result first = cpu("echo $LOGIN_NODE $USER");
        assertThat(first.exitCode()).as(first.toString()).isZero();
        assertThat(first.stdout()).matches("cn-a00[12] jgalice\n");
        String node = first.stdout().split(" ")[0];
        String job = onlyJobId();
        assertThat(jobs()).containsExactly(job + " " + USER + " " + JOB_NAME + " RUNNING");
        // while it waited, the session said so on stderr
        assertThat(first.stderr()).contains("jumpgate: waiting for your CPU job " + job + " (PENDING");

        List<BackgroundProcess> three = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            three.add(ssh.withoutCode().startSsh("mila-cpu", "echo $LOGIN_NODE; sleep 2"));
        }
        for (BackgroundProcess p : three) {
            Result r = p.awaitExit(LIMIT);
            assertThat(r.exitCode()).as(r.toString()).isZero();
            assertThat(r.stdout()).isEqualTo(node + "\n");
            p.close();
        }
        assertThat(jobs()).containsExactly(job + " " + USER + " " + JOB_NAME + " RUNNING");
        String audit = gw.audit().substring(auditBefore);
        assertThat(audit.lines().filter(l -> l.contains("\"event\":\"cpujob.submitted\""))).hasSize(1);
        assertThat(audit).contains("\"event\":\"cpujob.reused\",\"user\":\"jgalice\"")
                .contains("\"job\":\"" + job + "\",\"node\":\"" + node + "\"");
        // the relayed sessions went to the node's sshd with the gateway's certificate
        assertThat(gw.audit()).contains("\"backend\":\"" + node + "\"");

        await().atMost(LIMIT).pollInterval(Duration.ofSeconds(1)).until(() -> jobs().isEmpty());
        assertThat(gw.audit()).contains("\"event\":\"cpujob.cancelled\",\"user\":\"jgalice\",\"job\":\"" + job
                + "\",\"node\":\"" + node + "\",\"reason\":\"idle 30s\"");
    }

    @Test
    void jumpFormReachesTheJobsNode() {
        Result r = ssh.withCode(gw.nextCode(alice)).ssh("cpu", "echo $LOGIN_NODE $USER");
        assertThat(r.exitCode()).as(r.toString()).isZero();
        assertThat(r.stdout()).matches("cn-a00[12] jgalice\n");
        String job = onlyJobId();
        assertThat(gw.audit()).contains("\"event\":\"jump.allowed\"").contains("\"job\":\"" + job + "\"");
        // and the session form lands on the same job's node
        Result again = cpu("echo $LOGIN_NODE");
        assertThat(again.stdout()).as(again.toString()).isEqualTo(r.stdout().split(" ")[0] + "\n");
        assertThat(onlyJobId()).isEqualTo(job);
    }

    @Test
    void aJobPendingPastTheWaitIsKeptAndTheNextConnectionUsesIt() {
        slurm.slurm("scontrol", "update", "nodename=cn-a001,cn-a002", "state=drain", "reason=jumpgate-test");
        String job;
        try {
            Result r = cpu("true");
            assertThat(r.exitCode()).as(r.toString()).isEqualTo(255);
            assertThat(jobs()).as(r.toString()).hasSize(1);
            job = onlyJobId();
            assertThat(r.stderr()).as(r.toString()).contains("jumpgate: your CPU job " + job + " is still PENDING")
                    .contains("it is kept, and your next connection will use it once it runs")
                    .contains("jumpgate: waiting for your CPU job " + job + " (PENDING: ")
                    .doesNotContain("Exception");
            assertThat(jobs()).containsExactly(job + " " + USER + " " + JOB_NAME + " PENDING");
        } finally {
            slurm.slurm("scontrol", "update", "nodename=cn-a001,cn-a002", "state=resume");
        }
        Result next = cpu("echo $LOGIN_NODE");
        assertThat(next.exitCode()).as(next.toString()).isZero();
        assertThat(next.stdout()).matches("cn-a00[12]\n");
        assertThat(onlyJobId()).isEqualTo(job);
    }

    @Test
    void sbatchsOwnRefusalReachesTheUser() throws Exception {
        try (GatewayFixture refusing = GatewayFixture.startWithLoginNodeEnv(List.of("login-1"), "",
                config(List.of("--partition=nope")), slurm.env())) {
            TestUser a = refusing.user("alice");
            try (OpenSsh client = client(refusing, a)) {
                Result r = client.withCode(refusing.nextCode(a)).ssh("mila-cpu", "true");
                assertThat(r.exitCode()).as(r.toString()).isEqualTo(255);
                assertThat(r.stderr()).as(r.toString()).contains("jumpgate: Slurm refused your CPU job: sbatch: error: ")
                        .contains("Invalid partition name specified").doesNotContain("Exception");
            }
        }
        assertThat(jobs()).isEmpty();
    }

    @Test
    void scancelOfTheJobClosesTheSessionWithItsLine() {
        try (BackgroundProcess session = ssh.withCode(gw.nextCode(alice)).startSsh("mila-cpu",
                "echo $LOGIN_NODE; sleep 597")) {
            await().atMost(LIMIT).until(() -> session.stdout().matches("cn-a00[12]\n"));
            String node = session.stdout().strip();
            String job = onlyJobId();
            // cancelled at once: the gateway's job directory may never have listed it running
            slurm.scancel(job);
            Result end = session.awaitExit(LIMIT);
            assertThat(end.exitCode()).isNotZero();
            assertThat(end.stderr()).as(end.toString()).contains("jumpgate: your CPU job " + job + " on " + node
                    + " ended (time limit or scancel); your next connection starts a new one");
        }
        assertThat(gw.audit()).contains("\"event\":\"cpujob.ended\"");
    }

    @Test
    void vsCodesWayOfUsingTheHostWorksOverTheSessionForm() throws Exception {
        // VS Code's Remote SSH: one master connection, commands over it, sftp, a forwarded port on the node
        Path upload = TempDirs.create("cpu-up").resolve("model.cfg");
        Files.writeString(upload, "lr=0.001\n");
        Files.setPosixFilePermissions(upload.getParent(), PosixFilePermissions.fromString("rwxr-xr-x"));
        Files.setPosixFilePermissions(upload, PosixFilePermissions.fromString("rw-r--r--"));
        try (EchoServer service = new EchoServer();
             ControlMaster master = ssh.withCode(gw.nextCode(alice)).startControlMaster("mila-cpu")) {
            Result first = master.ssh("mila-cpu", "echo $LOGIN_NODE");
            assertThat(first.exitCode()).as(first.toString()).isZero();
            String node = first.stdout().strip();
            assertThat(node).matches("cn-a00[12]");
            String job = onlyJobId();

            Result sftp = ssh.withoutCode().sftpBatch("mila-cpu", "put " + upload + " vscode-model.cfg");
            assertThat(sftp.exitCode()).as(sftp.toString()).isZero();
            Result read = master.ssh("mila-cpu", "cat vscode-model.cfg; rm vscode-model.cfg; echo $LOGIN_NODE");
            assertThat(read.stdout()).as(read.toString()).isEqualTo("lr=0.001\n" + node + "\n");

            int local = EchoServer.freePort();
            try (BackgroundProcess fwd = ssh.withoutCode()
                    .startSsh("-N", "-L", local + ":localhost:" + service.port(), "mila-cpu")) {
                await().atMost(LIMIT).ignoreExceptions()
                        .until(() -> EchoServer.roundTrip(local, "jupyter").equals("jupyter"));
            }
            assertThat(onlyJobId()).as("every connection used the one job").isEqualTo(job);
        } finally {
            TempDirs.delete(upload.getParent());
        }
    }
}
