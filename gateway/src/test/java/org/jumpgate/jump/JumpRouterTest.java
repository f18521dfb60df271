package org.jumpgate.jump;

import static org.assertj.core.api.Assertions.assertThat;

import com.github.benmanes.caffeine.cache.Ticker;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jumpgate.balancer.Backend;
import org.jumpgate.common.Cidr;
import org.jumpgate.config.ComputeConfig;
import org.jumpgate.common.HostPort;
import org.jumpgate.jobs.JobDirectory;
import org.jumpgate.jobs.RunningJob;
import org.jumpgate.jobs.SchedulerUnavailableException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class JumpRouterTest {

    private final AtomicBoolean schedulerUp = new AtomicBoolean(true);
    private final JobDirectory jobs = JobDirectory.of(() -> {
        if (!schedulerUp.get()) {
            throw new SchedulerUnavailableException("slurm_load_jobs error: Unable to contact slurm controller");
        }
        return List.of(new RunningJob("4242", "alice", List.of("cn-a001")));
    }, Duration.ofSeconds(1), Ticker.systemTicker()).start();

    private final ComputeConfig compute = new ComputeConfig("cn-*", "server.example.org",
            Map.of("cn-a001", new HostPort("10.0.1.1", 22)), List.of(22), List.of(Cidr.parse("10.0.1.0/24")));
    private final JumpRouter router = new JumpRouter(() -> List.of(new Backend("login-2", "10.0.0.12", 22)),
            compute, jobs);

    @AfterEach
    void close() {
        jobs.close();
    }

    private Route route(String user, String host, int port) {
        return router.route(user, host, port).join();
    }

    @Test
    void loginNodeByNameGoesToItsSshd() {
        assertThat(route("bob", "login-2", 22)).isInstanceOf(Route.LoginNode.class);
    }

    @Test
    void computeNodeWithARunningJobGoesToTheNodeWithTheJobId() {
        assertThat(route("alice", "cn-a001", 22))
                .isEqualTo(new Route.Compute("cn-a001", new HostPort("10.0.1.1", 22), "4242"));
        assertThat(route("alice", "CN-A001.server.example.org", 22)).isInstanceOf(Route.Compute.class);
    }

    @Test
    void computeNodeWithoutAJobIsRefusedWithTheReason() {
        assertThat(route("bob", "cn-a001", 22)).isEqualTo(
                new Route.Refused("jumpgate: no running job of yours on cn-a001 (squeue --me)", "cn-a001"));
        assertThat(((Route.Refused) route("alice", "cn-a002", 22)).reason()).contains("cn-a002");
    }

    @Test
    void portsOtherThanTheAllowedOnesAreRefused() {
        assertThat(((Route.Refused) route("alice", "cn-a001", 8080)).reason())
                .isEqualTo("jumpgate: port 8080 not allowed on compute nodes (allowed: 22)");
    }

    @Test
    void rawComputeAddressIsRefused() {
        assertThat(((Route.Refused) route("alice", "10.0.1.1", 22)).reason()).contains("use the node name");
    }

    @Test
    void everythingElseLeavesFromTheLoginNode() {
        assertThat(route("alice", "localhost", 8888)).isEqualTo(new Route.ThroughLoginNode("localhost", 8888));
        assertThat(route("alice", "cn-a001.evil.example", 22)).isInstanceOf(Route.ThroughLoginNode.class);
        assertThat(route("alice", "10.0.2.5", 22)).isInstanceOf(Route.ThroughLoginNode.class);
        assertThat(route("alice", "login-2", 8080)).isInstanceOf(Route.ThroughLoginNode.class);
    }

    @Test
    void schedulerDownRefusesComputeJumpsSayingSo() {
        JobDirectory down = JobDirectory.of(() -> {
            throw new SchedulerUnavailableException("connect failure");
        }, Duration.ofSeconds(1), Ticker.systemTicker()).start();
        try {
            JumpRouter r = new JumpRouter(List::of, compute, down);
            assertThat(((Route.Refused) r.route("alice", "cn-a001", 22).join()).reason())
                    .isEqualTo("jumpgate: scheduler unreachable: cannot verify your job on cn-a001");
        } finally {
            down.close();
        }
    }

    @Test
    void withoutAJobDirectoryComputeJumpsAreOff() {
        JumpRouter r = new JumpRouter(List::of, compute, null);
        assertThat(((Route.Refused) r.route("alice", "cn-a001", 22).join()).reason()).contains("not enabled");
    }

    @Test
    void absurdTargetsAreRefused() {
        assertThat(route("alice", "x".repeat(300), 22)).isInstanceOf(Route.Refused.class);
        assertThat(route("alice", "cn-a001", 0)).isInstanceOf(Route.Refused.class);
    }

    @Test
    void everySpellingOfAComputeAddressIsRefusedAsARawComputeAddress() {
        for (String spelling : List.of("10.0.1.1", "0x0a000101", "012.0.1.1", "0xa.0.1.1", "10.0.257", "10.257",
                "167772417", "012.0x0.0401", "10.0.1.1.", "::ffff:10.0.1.1", "[::ffff:10.0.1.1]", "::ffff:a00:101",
                "::10.0.1.1", "64:ff9b::10.0.1.1", "0X0A000101")) {
            assertThat(route("alice", spelling, 22)).as(spelling).isEqualTo(new Route.Refused("jumpgate: " + spelling
                    + " is a compute node address; use the node name (e.g. ssh -J mila cn-a001)", null));
        }
    }

    @Test
    void otherAddressesInAnySpellingLeaveFromTheLoginNodeAsTyped() {
        assertThat(route("alice", "0x7f000001", 8888)).isEqualTo(new Route.ThroughLoginNode("0x7f000001", 8888));
        assertThat(route("alice", "127.1", 8888)).isEqualTo(new Route.ThroughLoginNode("127.1", 8888));
        assertThat(route("alice", "::1", 8888)).isEqualTo(new Route.ThroughLoginNode("::1", 8888));
        assertThat(route("alice", "fe80::1%eth0", 8888)).isEqualTo(new Route.ThroughLoginNode("fe80::1%eth0", 8888));
    }

    @Test
    void aTargetThatIsNeitherAHostNameNorAnAddressIsRefusedBeforeAnyRule() {
        assertThat(route("alice", "cn-a001 x", 22)).isEqualTo(new Route.Refused("jumpgate: 'cn-a001 x' is not a valid"
                + " host name or address (expected letters, digits and inner hyphens between dots)", null));
        assertThat(route("alice", "login-2\n", 22)).isInstanceOf(Route.Refused.class);
        assertThat(route("alice", "-cn-a001", 22)).isInstanceOf(Route.Refused.class);
        assertThat(route("alice", "cn-a001-", 22)).isInstanceOf(Route.Refused.class);
        assertThat(route("alice", "cn_a001", 22)).isInstanceOf(Route.Refused.class);
        assertThat(route("alice", "cn-a001..server.example.org", 22)).isInstanceOf(Route.Refused.class);
        assertThat(route("alice", "a".repeat(64) + ".example.org", 22)).isInstanceOf(Route.Refused.class);
        assertThat(route("alice", "1.2.3.4.5", 22)).isEqualTo(new Route.Refused(
                "jumpgate: '1.2.3.4.5' is not a valid host name or address (not a valid IPv4 address)", null));
        assertThat(route("alice", "10.0.1.256", 22)).isInstanceOf(Route.Refused.class);
        assertThat(route("alice", "::ffff:10.0.1.1:", 22)).isInstanceOf(Route.Refused.class);
        assertThat(route("alice", "[10.0.1.1]", 22)).isInstanceOf(Route.Refused.class);
        assertThat(route("alice", "", 22)).isInstanceOf(Route.Refused.class);
    }

    @Test
    void aRefusedTargetIsEchoedWithoutItsControlCharactersInOneLine() {
        String reason = ((Route.Refused) route("alice", "cn-a001\r\njumpgate: welcome\u001b[2J", 22)).reason();
        assertThat(reason).doesNotContain("\r", "\n", "\u001b")
                .startsWith("jumpgate: 'cn-a001??jumpgate: welcome?[2J' is not a valid host name or address");
        assertThat(((Route.Refused) route("alice", "x ".repeat(200), 22)).reason()).hasSizeLessThan(200);
    }

    @Test
    void longestValidNamesAreStillRouted() {
        String label = "a".repeat(TargetHost.MAX_LABEL_LENGTH);
        String name = String.join(".", label, label, label, "b".repeat(TargetHost.MAX_NAME_LENGTH - 3 * 64));
        assertThat(name).hasSize(TargetHost.MAX_NAME_LENGTH);
        assertThat(route("alice", name, 22)).isEqualTo(new Route.ThroughLoginNode(name, 22));
        assertThat(route("alice", name + ".", 22)).isInstanceOf(Route.ThroughLoginNode.class);
        assertThat(route("alice", name + "b", 22)).isInstanceOf(Route.Refused.class);
    }

    @Test
    void aTrailingDotOrCapitalsStillNameTheNode() {
        assertThat(route("alice", "cn-a001.", 22)).isInstanceOf(Route.Compute.class);
        assertThat(route("alice", "CN-A001.server.example.org.", 22)).isInstanceOf(Route.Compute.class);
        assertThat(route("bob", "Login-2.", 22)).isInstanceOf(Route.LoginNode.class);
    }
}
