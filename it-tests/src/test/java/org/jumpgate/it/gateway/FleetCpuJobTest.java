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
import org.jumpgate.it.fixture.OpenSsh;
import org.jumpgate.it.fixture.Result;
import org.jumpgate.it.fixture.SshdNode;
import org.jumpgate.it.fixture.TempDirs;
import org.jumpgate.it.fixture.TestUser;
import org.jumpgate.it.fixture.ZooKeeperEnsemble;
import org.jumpgate.it.slurm.SlurmCluster;
import org.jumpgate.server.Gateway;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code ssh mila-cpu} through two gateways of one fleet (a real three-member ZooKeeper): the
 * user's sessions through both share one job, and a session through gw-2 keeps it alive long past
 * gw-1's idle time; once it ends, the job is cancelled after the idle time. Real Slurm, real sshd
 * login and compute nodes, real OpenSSH.
 */
class FleetCpuJobTest {

    static final String USER = "jgalice";
    static final String JOB_NAME = "jumpgate-cpu";
    static final Duration IDLE = Duration.ofSeconds(10);
    static final Duration LIMIT = Duration.ofSeconds(120);

    static ZooKeeperEnsemble zk;
    static SlurmCluster slurm;
    static SshdNode cn1;
    static SshdNode cn2;
    static Path caDir;
    static GatewayFixture gw;
    static Gateway gw2;
    static TestUser alice;

    @BeforeAll
    static void start() throws Exception {
        zk = ZooKeeperEnsemble.start(3);
        slurm = SlurmCluster.start(USER);
        caDir = TempDirs.create("fleet-cpu-ca");
        Path ca = caDir.resolve("gateway-ca.pub");
        Files.writeString(ca, "");
        Files.setPosixFilePermissions(ca, PosixFilePermissions.fromString("rw-r--r--"));
        cn1 = SshdNode.start("cn-a001", SshdNode.Options.computeNode().withTrustedUserCaKeys(ca));
        cn2 = SshdNode.start("cn-a002", SshdNode.Options.computeNode().withTrustedUserCaKeys(ca));
        String yaml = "compute:\n  pattern: \"cn-*\"\n  nodes:\n"
                + "    cn-a001: \"" + cn1.address() + "\"\n    cn-a002: \"" + cn2.address() + "\"\n"
                + "  ports: [22]\n  networks: [\"127.0.0.0/8\"]\n"
                + "jobs:\n  source: slurm-cli\n  refresh: 1s\n  slurmConf: " + slurm.slurmConf() + "\n"
                + "cpuJobs:\n  target: cpu\n  jobName: " + JOB_NAME + "\n"
                + "  sbatch: [\"--cpus-per-task=1\", \"--time=00:30:00\"]\n"
                + "  wait: 20s\n  idle: " + IDLE.toSeconds() + "s\n"
                + "listeners:\n  - listen: \"127.0.0.1:0\"\n    target: cpu\n"
                + "cluster:\n  zookeeper: \"" + zk.connectString() + "\"\n  sessionTimeout: 4s\n";
        gw = GatewayFixture.startWithLoginNodeEnv(List.of("login-1"), CpuJobTest.REMEMBER, yaml, slurm.env());
        Files.writeString(ca, gw.gateway().ca().publicKeyLine() + "\n");
        gw2 = gw.startPeer("gw-2");
        await().atMost(Duration.ofSeconds(30)).until(() -> connected(gw.gateway()) && connected(gw2));
        alice = gw.user("alice");
        gw.authorizeOnNodes(alice);
    }

    @AfterAll
    static void stop() {
        for (AutoCloseable c : new AutoCloseable[] {gw, cn1, cn2, slurm, zk}) {
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

    private static boolean connected(Gateway g) {
        return g.metrics().get("jumpgate.cluster.connected").gauge().value() == 1.0;
    }

    /** {@code mila-cpu} as the login guide has it, on {@code g}'s CPU listener. */
    private static OpenSsh client(Gateway g) {
        int cpuPort = g.pinnedAddresses().get(0).getPort();
        List<String> known = new ArrayList<>(gw.knownHostsFor(g.port()));
        known.addAll(gw.knownHostsFor(cpuPort));
        return OpenSsh.builder(alice).gatewayPort(g.port()).knownHosts(known)
                .host("mila-cpu", "HostName 127.0.0.1", "Port " + cpuPort).build();
    }

    /** The user's jobs named {@link #JOB_NAME} as squeue shows them to root: "ID STATE", one a line. */
    private static List<String> jobs() {
        String out = slurm.slurm("squeue", "--noheader", "--name=" + JOB_NAME, "--format=%i %T");
        return out.lines().map(String::strip).filter(l -> !l.isEmpty()).toList();
    }

    private static long cancels(String job) {
        return gw.audit().lines().filter(l -> l.contains("\"event\":\"cpujob.cancelled\"")
                && l.contains("\"job\":\"" + job + "\"")).count();
    }

    @Test
    void aSessionThroughOneGatewayKeepsTheJobPastTheOtherGatewaysIdleTime() {
        try (OpenSsh viaGw1 = client(gw.gateway()); OpenSsh viaGw2 = client(gw2)) {
            String job;
            String node;
            try (BackgroundProcess onGw2 = viaGw2.withCode(gw.nextCode(alice)).startSsh("mila-cpu",
                    "echo $LOGIN_NODE; sleep 597")) {
                await().atMost(LIMIT).until(() -> onGw2.stdout().matches("cn-a00[12]\n"));
                node = onGw2.stdout().strip();
                assertThat(jobs()).hasSize(1);
                job = jobs().get(0).split(" ")[0];

                Result onGw1 = viaGw1.withCode(gw.nextCode(alice)).ssh("mila-cpu", "echo $LOGIN_NODE");
                assertThat(onGw1.exitCode()).as(onGw1.toString()).isZero();
                assertThat(onGw1.stdout()).as("the same job, found through gw-1").isEqualTo(node + "\n");
                // gw-1's last use ended: its idle time runs out, more than twice, while gw-2's session goes on
                await().during(IDLE.multipliedBy(3)).atMost(IDLE.multipliedBy(5))
                        .pollInterval(Duration.ofSeconds(1)).until(() -> jobs().equals(List.of(job + " RUNNING")));
                assertThat(cancels(job)).isZero();
                assertThat(onGw2.isAlive()).as(onGw2.stderr()).isTrue();
            } // gw-2's session ends: the fleet's last use of the job
            long ended = System.nanoTime();
            await().atMost(LIMIT).pollInterval(Duration.ofMillis(500)).until(() -> jobs().isEmpty());
            Duration after = Duration.ofNanos(System.nanoTime() - ended);
            System.out.printf("FLEET-CPU job %s cancelled %.1f s after the last session (idle %ds)%n", job,
                    after.toMillis() / 1000.0, IDLE.toSeconds());
            assertThat(after).as("not before idle").isGreaterThanOrEqualTo(IDLE.minusSeconds(1));
            await().atMost(Duration.ofSeconds(10)).until(() -> cancels(job) == 1);
        }
    }
}
