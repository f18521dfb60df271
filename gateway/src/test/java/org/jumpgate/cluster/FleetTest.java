package org.jumpgate.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.curator.test.InstanceSpec;
import org.apache.curator.test.TestingCluster;
import org.jumpgate.auth.SharedLockouts;
import org.jumpgate.auth.UsedCodes;
import org.jumpgate.config.ClusterConfig;
import org.jumpgate.harness.RecordingAuditLog;
import org.jumpgate.limits.LimitsConfig.NetBlock;
import org.jumpgate.limits.LimitsConfig.PenaltyConfig;
import org.jumpgate.limits.Penalties;
import org.jumpgate.limits.Penalty;
import org.jumpgate.testing.ManualClock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Two gateways on a real (in-process) three-member ZooKeeper quorum share codes and drains. */
@Timeout(120)
class FleetTest {

    static {
        System.setProperty("zookeeper.extendedTypesEnabled", "true"); // TTL nodes for the used codes
    }

    private TestingCluster zk;
    private final List<Fleet> fleets = new ArrayList<>();
    private final RecordingAuditLog audit = new RecordingAuditLog();

    @BeforeEach
    void startZooKeeper() throws Exception {
        zk = new TestingCluster(3);
        zk.start();
    }

    @AfterEach
    void stop() throws Exception {
        fleets.forEach(Fleet::close);
        zk.close();
    }

    private Fleet gateway(String name) {
        Fleet f = Fleet.start(new ClusterConfig(zk.getConnectString(), "/jumpgate", Duration.ofSeconds(3), name), name, audit,
                new SimpleMeterRegistry());
        fleets.add(f);
        await().atMost(Duration.ofSeconds(20)).until(f::connected);
        return f;
    }

    @Test
    void aCodeAcceptedByOneGatewayIsRefusedByAnother() {
        UsedCodes gw1 = gateway("gw-1").usedCodes(UsedCodes.local());
        UsedCodes gw2 = gateway("gw-2").usedCodes(UsedCodes.local());
        assertThat(gw1.accept("alice", 1000)).isTrue();
        assertThat(gw2.accept("alice", 1000)).as("the same step on the other gateway").isFalse();
        assertThat(gw2.accept("alice", 999)).as("an earlier step").isFalse();
        assertThat(gw2.accept("alice", 1001)).isTrue();
        assertThat(gw1.accept("alice", 1001)).isFalse();
        assertThat(gw1.accept("bob", 1000)).as("another user").isTrue();
    }

    @Test
    void aDrainSetOnOneGatewayIsSeenByAllAndOutlivesThem() throws Exception {
        AdminStates gw1 = gateway("gw-1").adminStates();
        AdminStates gw2 = gateway("gw-2").adminStates();
        List<Set<String>> seen = new CopyOnWriteArrayList<>();
        gw2.onChange(seen::add);
        gw1.setDrained("login-2", true);
        await().atMost(Duration.ofSeconds(10)).until(() -> gw2.drained().contains("login-2"));
        assertThat(seen).last().isEqualTo(Set.of("login-2"));

        fleets.forEach(Fleet::close);
        fleets.clear();
        AdminStates restarted = gateway("gw-1").adminStates();
        await().atMost(Duration.ofSeconds(10)).until(() -> restarted.drained().contains("login-2"));
        restarted.setDrained("login-2", false);
        await().atMost(Duration.ofSeconds(10)).until(() -> restarted.drained().isEmpty());
    }

    @Test
    void withoutTheStoreCodesGoOnLocallyAndDrainsAreRefusedWithTheReason() throws Exception {
        Fleet gw1 = gateway("gw-1");
        UsedCodes codes = gw1.usedCodes(UsedCodes.local());
        AdminStates drains = gw1.adminStates();
        zk.stop();
        await().atMost(Duration.ofSeconds(30)).until(() -> !gw1.connected());
        assertThat(codes.accept("alice", 2000)).as("a login goes on").isTrue();
        assertThat(codes.accept("alice", 2000)).as("replays are still refused by this gateway").isFalse();
        assertThatThrownBy(() -> drains.setDrained("login-1", true)).isInstanceOf(StoreUnavailableException.class)
                .hasMessageStartingWith("the fleet's ZooKeeper cannot be reached: a drain now would not reach");
        assertThat(audit.events("cluster.lost")).isNotEmpty();
    }

    @Test
    void codesAcceptedWhileTheStoreWasAwayAreRefusedByTheOthersOnceItIsBack() throws Exception {
        Fleet alone = gateway("gw-1");
        UsedCodes gw1 = alone.usedCodes(UsedCodes.local());
        Fleet other = gateway("gw-2");
        UsedCodes gw2 = other.usedCodes(UsedCodes.local());
        zk.stop();
        await().atMost(Duration.ofSeconds(30)).until(() -> !alone.connected() && !other.connected());
        assertThat(gw1.accept("alice", 3000)).as("a login goes on without the store").isTrue();
        for (InstanceSpec member : zk.getInstances()) {
            zk.restartServer(member);
        }
        await().atMost(Duration.ofSeconds(60)).until(() -> alone.connected() && other.connected());
        await().atMost(Duration.ofSeconds(30)).ignoreExceptions().until(() ->
                new String(other.client().getData().forPath("/codes/alice"), StandardCharsets.US_ASCII).equals("3000"));
        assertThat(gw2.accept("alice", 3000)).as("the code gw-1 let in alone, on gw-2").isFalse();
        assertThat(gw2.accept("alice", 3001)).isTrue();
        assertThat(audit.events("cluster.regained")).isNotEmpty();
    }

    private Penalties penalties(Fleet f, ManualClock clock) {
        return Penalties.local(PenaltyConfig.DEFAULT, NetBlock.DEFAULT, List::of, clock, a -> { }, f.penalties());
    }

    @Test
    void aSourcePenalisedOnOneGatewayIsRefusedOnAnother() throws Exception {
        ManualClock clock = new ManualClock();
        Penalties gw1 = penalties(gateway("gw-1"), clock);
        Fleet other = gateway("gw-2");
        Penalties gw2 = penalties(other, clock);
        InetAddress guesser = InetAddress.getByName("192.0.2.7");
        for (int i = 0; i < 4; i++) {
            gw1.penalise(guesser, Penalty.AUTHFAIL); // 4 x 5 s: more than min 15 s, enforced
        }
        assertThat(gw1.refusal(guesser)).startsWith("penalty: failed authentication");
        await().atMost(Duration.ofSeconds(20)).until(() -> gw2.refusal(guesser) != null);
        assertThat(gw2.refusal(guesser)).isEqualTo("penalty: failed authentication (20 s left)");
        assertThat(gw2.refusal(InetAddress.getByName("192.0.2.8"))).as("another source").isNull();
        clock.advance(Duration.ofSeconds(21));
        assertThat(gw2.refusal(guesser)).as("the penalty's time is up on every gateway").isNull();
        assertThat(gw1.refusal(guesser)).isNull();
    }

    @Test
    void withoutTheStoreEachGatewayKeepsItsOwnPenaltiesAndLockouts() throws Exception {
        ManualClock clock = new ManualClock();
        Fleet one = gateway("gw-1");
        Penalties gw1 = penalties(one, clock);
        Fleet other = gateway("gw-2");
        Penalties gw2 = penalties(other, clock);
        InetAddress guesser = InetAddress.getByName("192.0.2.9");
        for (int i = 0; i < 4; i++) {
            gw1.penalise(guesser, Penalty.AUTHFAIL);
        }
        await().atMost(Duration.ofSeconds(20)).until(() -> gw2.refusal(guesser) != null);
        zk.stop();
        await().atMost(Duration.ofSeconds(30)).until(() -> !one.connected() && !other.connected());
        assertThat(gw1.refusal(guesser)).as("this gateway's own penalty").isNotNull();
        assertThat(gw2.refusal(guesser)).as("nothing from a store that is away").isNull();
        InetAddress another = InetAddress.getByName("192.0.2.10");
        for (int i = 0; i < 4; i++) {
            gw2.penalise(another, Penalty.AUTHFAIL); // published nowhere, enforced here
        }
        assertThat(gw2.refusal(another)).isNotNull();
        assertThat(other.lockouts().lockedUntil("alice")).isNull();
    }

    @Test
    void aUserLockedOutOnOneGatewayIsLockedOnAnother() {
        SharedLockouts gw1 = gateway("gw-1").lockouts();
        SharedLockouts gw2 = gateway("gw-2").lockouts();
        Instant until = Instant.ofEpochMilli(1_900_000_000_000L);
        gw1.publish("alice", until, Duration.ofMinutes(5));
        await().atMost(Duration.ofSeconds(20)).until(() -> until.equals(gw2.lockedUntil("alice")));
        assertThat(gw2.lockedUntil("bob")).isNull();
        gw2.publish("alice", until.minusSeconds(60), Duration.ofMinutes(5));
        gw1.publish("alice", until.plusSeconds(60), Duration.ofMinutes(5));
        await().atMost(Duration.ofSeconds(20)).until(() -> until.plusSeconds(60).equals(gw2.lockedUntil("alice")));
        assertThat(gw1.lockedUntil("alice")).as("a later end wins").isEqualTo(until.plusSeconds(60));
    }

    @Test
    void aUsersLockIsHeldByOneGatewayAtATime() throws Exception {
        UserLocks gw1 = gateway("gw-1").userLocks();
        UserLocks gw2 = gateway("gw-2").userLocks();
        UserLocks.Held held = gw1.acquire("alice", Duration.ofSeconds(5));
        assertThatThrownBy(() -> gw2.acquire("alice", Duration.ofMillis(300)))
                .isInstanceOf(java.util.concurrent.TimeoutException.class)
                .hasMessageContaining("alice");
        try (UserLocks.Held bob = gw2.acquire("bob", Duration.ofSeconds(5))) {
            assertThat(bob).as("another user's lock is free").isNotNull();
        }
        held.close();
        held.close(); // a second close does nothing
        try (UserLocks.Held next = gw2.acquire("alice", Duration.ofSeconds(5))) {
            assertThat(next).isNotNull();
        }
    }

    @Test
    void aCpuJobUseListedByOneGatewayIsSeenByAnotherUntilItEndsOrItsGatewayLeaves() throws Exception {
        Fleet one = gateway("gw-1");
        CpuJobUses gw1 = one.cpuJobUses();
        CpuJobUses gw2 = gateway("gw-2").cpuJobUses();
        CpuJobUses.Listed listed = gw1.list("alice", "77");
        await().atMost(Duration.ofSeconds(20)).until(() -> gw2.usedElsewhere("alice", "77"));
        assertThat(gw1.usedElsewhere("alice", "77")).as("a gateway's own use is not another's").isFalse();
        assertThat(gw2.usedElsewhere("alice", "78")).as("another job").isFalse();
        assertThat(gw2.usedElsewhere("bob", "77")).as("another user").isFalse();
        listed.close();
        listed.close(); // again does nothing
        await().atMost(Duration.ofSeconds(20)).until(() -> !gw2.usedElsewhere("alice", "77"));
        gw1.list("alice", "77");
        await().atMost(Duration.ofSeconds(20)).until(() -> gw2.usedElsewhere("alice", "77"));
        one.close(); // its session ends, and its uses with it
        await().atMost(Duration.ofSeconds(20)).until(() -> !gw2.usedElsewhere("alice", "77"));
    }

    @Test
    void cpuJobUsesListedWhileTheStoreWasAwayAreWrittenWhenItIsBack() throws Exception {
        Fleet one = gateway("gw-1");
        CpuJobUses gw1 = one.cpuJobUses();
        Fleet other = gateway("gw-2");
        CpuJobUses gw2 = other.cpuJobUses();
        zk.stop();
        await().atMost(Duration.ofSeconds(30)).until(() -> !one.connected() && !other.connected());
        assertThatThrownBy(() -> gw2.usedElsewhere("alice", "77")).as("unknown, never 'unused'")
                .isInstanceOf(StoreUnavailableException.class);
        gw1.list("alice", "77");
        gw1.list("alice", "78").close(); // ended before the store came back: never written
        for (InstanceSpec member : zk.getInstances()) {
            zk.restartServer(member);
        }
        await().atMost(Duration.ofSeconds(60)).until(() -> one.connected() && other.connected());
        await().atMost(Duration.ofSeconds(30)).ignoreExceptions().until(() -> gw2.usedElsewhere("alice", "77"));
        assertThat(gw2.usedElsewhere("alice", "78")).isFalse();
    }

    @Test
    void aCpuJobUseOutlivesItsGatewaysExpiredSession() throws Exception {
        Fleet one = gateway("gw-1");
        CpuJobUses gw1 = one.cpuJobUses();
        CpuJobUses gw2 = gateway("gw-2").cpuJobUses();
        gw1.list("alice", "77");
        await().atMost(Duration.ofSeconds(20)).until(() -> gw2.usedElsewhere("alice", "77"));
        long before = one.client().getZookeeperClient().getZooKeeper().getSessionId();
        // as Curator does itself after sessionTimeout without an answer: a new session, while
        // ZooKeeper may still hold the old one (and its ephemeral nodes) for a while
        one.client().getZookeeperClient().getZooKeeper().getTestable().injectSessionExpiration();
        // (on a loaded machine, with a 3 s session timeout, Curator may go through a few connection losses first)
        await().atMost(Duration.ofSeconds(90)).ignoreExceptions().until(() ->
                one.client().getZookeeperClient().getZooKeeper().getSessionId() != before && one.connected());
        // past the old session's timeout (3 s): its nodes are gone, the use listed again stays
        await().pollDelay(Duration.ofSeconds(8)).atMost(Duration.ofSeconds(30)).ignoreExceptions()
                .until(() -> gw2.usedElsewhere("alice", "77"));
        assertThat(one.client().getChildren().forPath("/cpujobs/alice/77")).hasSize(1);
    }
}
