package org.jumpgate.it.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.jumpgate.it.fixture.OpenSsh;
import org.jumpgate.it.fixture.Result;
import org.jumpgate.it.fixture.SshdNode;
import org.jumpgate.it.fixture.TestUser;
import org.jumpgate.it.slurm.SlurmCluster;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The same jump rule with the job directory read from slurmrestd (REST, JWT) instead of squeue. */
class SlurmrestdJumpTest {

    static final String REST_USER = "jgrest";
    static SlurmCluster slurm;
    static SshdNode cn1;
    static GatewayFixture gw;
    static TestUser alice;
    static OpenSsh client;

    @BeforeAll
    static void start() throws Exception {
        slurm = SlurmCluster.start("jgalice");
        URI rest = slurm.startSlurmrestd(REST_USER);
        Path token = slurm.tokenFile(REST_USER, Duration.ofHours(1));
        cn1 = SshdNode.start("cn-a001", SshdNode.Options.computeNode());
        String yaml = "compute:\n  nodes:\n    cn-a001: \"" + cn1.address() + "\"\n"
                + "jobs:\n  source: slurmrestd\n  refresh: 2s\n  restUrl: \"" + rest + "\"\n"
                + "  restUser: " + REST_USER + "\n  restTokenFile: " + token + "\n";
        gw = GatewayFixture.start(List.of("login-1"), yaml);
        alice = gw.user("alice");
        gw.authorizeOnNodes(alice);
        client = gw.client(alice, cn1.knownHostsLines("cn-a001"));
    }

    @AfterAll
    static void stop() {
        for (AutoCloseable c : new AutoCloseable[] {gw, cn1, slurm}) {
            try {
                if (c != null) {
                    c.close();
                }
            } catch (Exception e) {
                // keep closing
            }
        }
    }

    @Test
    void jumpIsAllowedWhileTheJobRunsAndRefusedAfter() {
        Result before = client.withCode(gw.nextCode(alice)).ssh("cn-a001", "true");
        assertThat(before.stderr()).contains("no running job of yours on cn-a001");
        String job = slurm.sbatch("jgalice", "sleep 594", "-w", "cn-a001");
        slurm.awaitRunning(job);
        Result during = client.withCode(gw.nextCode(alice)).ssh("cn-a001", "echo $LOGIN_NODE");
        assertThat(during.stdout()).as(during.toString()).isEqualTo("cn-a001\n");
        slurm.scancel(job);
        slurm.awaitEnded(job);
        // an ended job stays allowed until the next refresh at most (only denials force one)
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(30))
                .until(() -> !gw.gateway().jobs().current("jgalice", "cn-a001").allowed());
        Result after = client.withCode(gw.nextCode(alice)).ssh("cn-a001", "true");
        assertThat(after.stderr()).contains("no running job of yours on cn-a001");
    }
}
