package org.jumpgate.it.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.jumpgate.it.fixture.BackgroundProcess;
import org.jumpgate.it.fixture.OpenSsh;
import org.jumpgate.it.fixture.Result;
import org.jumpgate.it.fixture.SshdNode;
import org.jumpgate.it.fixture.TestUser;
import org.jumpgate.it.slurm.SlurmCluster;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code ssh cn-a001} with {@code ProxyJump mila}, as the login guide has it: allowed only while
 * the user has a RUNNING Slurm job on that node, closed when the job ends. Real Slurm, real sshd
 * compute nodes authenticating users by their own authorized_keys, real OpenSSH.
 */
class ComputeJumpTest {

    static SlurmCluster slurm;
    static SshdNode cn1;
    static SshdNode cn2;
    static GatewayFixture gw;
    static TestUser alice;
    static TestUser bob;
    static OpenSsh aliceSsh;
    static OpenSsh bobSsh;

    @TempDir
    Path tmp;

    @BeforeAll
    static void start() throws Exception {
        slurm = SlurmCluster.start("jgalice", "jgbob");
        cn1 = SshdNode.start("cn-a001", SshdNode.Options.computeNode());
        cn2 = SshdNode.start("cn-a002", SshdNode.Options.computeNode());
        String yaml = "compute:\n  pattern: \"cn-*\"\n  domain: server.example.org\n  nodes:\n"
                + "    cn-a001: \"" + cn1.address() + "\"\n    cn-a002: \"" + cn2.address() + "\"\n"
                + "  ports: [22]\n  networks: [\"127.0.0.0/8\"]\n"
                + "jobs:\n  source: slurm-cli\n  refresh: 2s\n  slurmConf: " + slurm.slurmConf() + "\n";
        gw = GatewayFixture.start(List.of("login-1"), yaml);
        alice = gw.user("alice");
        bob = gw.user("bob");
        gw.authorizeOnNodes(alice);
        gw.authorizeOnNodes(bob);
        List<String> nodes = new ArrayList<>(cn1.knownHostsLines("cn-a001"));
        nodes.addAll(cn2.knownHostsLines("cn-a002"));
        aliceSsh = gw.client(alice, nodes);
        bobSsh = gw.client(bob, nodes);
    }

    @AfterAll
    static void stop() {
        for (AutoCloseable c : new AutoCloseable[] {gw, cn1, cn2, slurm}) {
            try {
                if (c != null) {
                    c.close();
                }
            } catch (Exception e) {
                // keep closing the rest
            }
        }
    }

    @AfterEach
    void cancelJobs() {
        slurm.cancelAll();
    }

    private String runningJob(String user, String... args) {
        String id = slurm.sbatch(user, "sleep 599", args);
        slurm.awaitRunning(id);
        return id;
    }

    private Result alice(String... args) {
        return aliceSsh.withCode(gw.nextCode(alice)).ssh(args);
    }

    @Test
    void userWithARunningJobReachesHerNodeBySshScpAndRsync() throws Exception {
        runningJob("jgalice", "-w", "cn-a001");
        Result r = alice("cn-a001", "echo $LOGIN_NODE $USER");
        assertThat(r.exitCode()).as(r.toString()).isZero();
        assertThat(r.stdout()).isEqualTo("cn-a001 jgalice\n");

        Path f = Files.writeString(tmp.resolve("data.txt"), "to the node\n");
        Result scp = aliceSsh.withCode(gw.nextCode(alice)).scp(f.toString(), "cn-a001:jg-scp.txt");
        assertThat(scp.exitCode()).as(scp.toString()).isZero();
        Path tree = Files.createDirectories(tmp.resolve("tree/sub"));
        Files.writeString(tree.resolve("x"), "x\n");
        Result rsync = aliceSsh.withCode(gw.nextCode(alice)).rsync("-av", tmp.resolve("tree") + "/", "cn-a001:jg-tree/");
        assertThat(rsync.exitCode()).as(rsync.toString()).isZero();
        assertThat(alice("cn-a001", "cat jg-scp.txt jg-tree/sub/x; rm -rf jg-scp.txt jg-tree").stdout())
                .isEqualTo("to the node\nx\n");
        assertThat(gw.audit()).contains("\"event\":\"jump.allowed\"").contains("\"node\":\"cn-a001\"");
    }

    @Test
    void nodeWithoutAJobOfYoursIsRefusedWithTheReason() {
        runningJob("jgalice", "-w", "cn-a001");
        Result r = alice("cn-a002", "true");
        assertThat(r.exitCode()).isEqualTo(255);
        assertThat(r.stderr()).contains("no running job of yours on cn-a002 (squeue --me)");
        Result b = bobSsh.withCode(gw.nextCode(bob)).ssh("cn-a001", "true");
        assertThat(b.exitCode()).isEqualTo(255);
        assertThat(b.stderr()).contains("no running job of yours on cn-a001");
        assertThat(gw.audit()).contains("\"event\":\"jump.denied\"");
    }

    @Test
    void endingTheJobClosesTheOpenSessionAndRefusesNewOnes() {
        String job = runningJob("jgalice", "-w", "cn-a001");
        int before = gw.gateway().watchedJumps();
        try (BackgroundProcess session = aliceSsh.withCode(gw.nextCode(alice)).startSsh("cn-a001", "sleep 598")) {
            await().atMost(Duration.ofSeconds(30)).until(() -> gw.gateway().watchedJumps() == before + 1);
            slurm.scancel(job);
            Result end = session.awaitExit(Duration.ofSeconds(30));
            assertThat(end.exitCode()).isNotZero();
            assertThat(end.stderr()).as(end.toString()).contains("jumpgate: your job " + job + " on cn-a001 ended");
        }
        assertThat(gw.audit()).contains("\"event\":\"jump.closed\"").contains("is no longer running");
        Result again = alice("cn-a001", "true");
        assertThat(again.stderr()).contains("no running job of yours on cn-a001");
    }

    @Test
    void aTwoNodeJobAllowsBothNodes() {
        runningJob("jgalice", "-N", "2");
        Result one = alice("cn-a001", "echo $LOGIN_NODE");
        assertThat(one.stdout()).as(one.toString()).isEqualTo("cn-a001\n");
        assertThat(alice("cn-a002", "echo $LOGIN_NODE").stdout()).isEqualTo("cn-a002\n");
    }

    @Test
    void theNodeMayBeNamedWithTheClusterDomain() {
        runningJob("jgalice", "-w", "cn-a002");
        Result r = aliceSsh.withCode(gw.nextCode(alice)).ssh("-o", "HostKeyAlias=cn-a002", "-o", "ProxyJump=mila",
                "cn-a002.server.example.org", "echo $LOGIN_NODE");
        assertThat(r.stdout()).as(r.toString()).isEqualTo("cn-a002\n");
    }

    @Test
    void hostileTargetsAreRefusedOrLeaveFromTheLoginNode() {
        runningJob("jgalice", "-w", "cn-a001");
        Result port = alice("-W", "cn-a001:8080", "mila");
        assertThat(port.stderr()).contains("port 8080 not allowed on compute nodes");
        Result raw = alice("-W", cn1.address(), "mila");
        assertThat(raw.stderr()).contains("is a compute node address; use the node name");
        Result evil = alice("-W", "cn-a001.evil.example:22", "mila");
        assertThat(evil.exitCode()).isEqualTo(255);
        assertThat(evil.stderr()).contains("login node login-1 could not connect to cn-a001.evil.example:22");
        String audit = gw.audit();
        assertThat(audit).contains("\"target\":\"cn-a001.evil.example:22\",\"via\":\"login-1\",\"ok\":false");
        assertThat(audit.lines().filter(l -> l.contains("jump.allowed") && l.contains("evil"))).isEmpty();
        // the gateway's admin port by name leaves from the login node, never from the gateway itself
        Result admin = alice("-W", "localhost:" + gw.gateway().adminPort(), "mila");
        assertThat(gw.audit()).contains("\"target\":\"localhost:" + gw.gateway().adminPort() + "\",\"via\":\"login-1\"");
        assertThat(admin.stderr()).doesNotContain("Exception");
    }

    @Test
    void vsCodeStyleForwardThroughAComputeNodeWorks() throws Exception {
        runningJob("jgalice", "-w", "cn-a001");
        try (EchoServer echo = new EchoServer()) {
            int local = EchoServer.freePort();
            try (BackgroundProcess fwd = aliceSsh.withCode(gw.nextCode(alice))
                    .startSsh("-N", "-L", local + ":localhost:" + echo.port(), "cn-a001")) {
                await().atMost(Duration.ofSeconds(30)).ignoreExceptions()
                        .until(() -> EchoServer.roundTrip(local, "hello notebook").equals("hello notebook"));
            }
        }
    }

    @Test
    void schedulerDownRefusesJumpsButLoginsGoOn() {
        slurm.stopController();
        try {
            await().atMost(Duration.ofSeconds(60)).until(() -> !gw.gateway().jobs().health().fresh());
            Result r = alice("cn-a001", "true");
            assertThat(r.exitCode()).isEqualTo(255);
            assertThat(r.stderr()).contains("scheduler unreachable: cannot verify your job on cn-a001");
            assertThat(alice("mila", "echo fine").stdout()).isEqualTo("fine\n");
        } finally {
            try {
                slurm.startController();
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
            await().atMost(Duration.ofSeconds(60)).until(() -> gw.gateway().jobs().health().fresh());
        }
    }
}
