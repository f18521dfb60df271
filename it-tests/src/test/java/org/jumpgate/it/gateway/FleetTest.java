package org.jumpgate.it.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import org.jumpgate.it.fixture.BackgroundProcess;
import org.jumpgate.it.fixture.GatewayProcess;
import org.jumpgate.it.fixture.OpenSsh;
import org.jumpgate.it.fixture.Result;
import org.jumpgate.it.fixture.TestUser;
import org.jumpgate.it.fixture.ZooKeeperEnsemble;
import org.jumpgate.server.Gateway;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Two gateways of one fleet on a real three-member ZooKeeper (Debian's servers), before real sshd
 * login nodes, with real OpenSSH: a code lets in once whichever gateway it reaches, a drain set on
 * one is followed by the other and outlives both, a source penalised or a user locked out on one
 * is refused by the other, a gateway killed with -9 (one in its own JVM)
 * takes its sessions off the fleet's list within the session timeout, a ZooKeeper member killed
 * fails no login, and without ZooKeeper logins go on while drains are refused with the reason.
 * Failover times are printed as {@code FLEET-TIMING} lines.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class FleetTest {

    static final Duration SESSION_TIMEOUT = Duration.ofSeconds(4);
    static ZooKeeperEnsemble zk;
    static GatewayFixture gw1;
    static Gateway gw2;
    static TestUser alice;

    @BeforeAll
    static void start() throws Exception {
        zk = ZooKeeperEnsemble.start(3);
        gw1 = GatewayFixture.start(List.of("login-1", "login-2"),
                "cluster:\n  zookeeper: \"" + zk.connectString() + "\"\n  sessionTimeout: " + SESSION_TIMEOUT.toSeconds() + "s\n");
        gw2 = gw1.startPeer("gw-2");
        alice = gw1.user("alice");
        await().atMost(Duration.ofSeconds(20)).until(() -> connected(gw1.gateway()) && connected(gw2));
    }

    @AfterAll
    static void stop() {
        if (gw1 != null) {
            gw1.close();
        }
        if (zk != null) {
            zk.close();
        }
    }

    private static boolean connected(Gateway g) {
        return g.metrics().get("jumpgate.cluster.connected").gauge().value() == 1.0;
    }

    private static String admin(Gateway g, String... args) {
        return AdminCli.run(g, args);
    }

    private static String admin(int adminPort, String... args) {
        return AdminCli.run(adminPort, args);
    }

    @Test
    @Order(1)
    void aCodeAcceptedOnOneGatewayIsRefusedOnTheOther() {
        String code = gw1.nextCode(alice);
        Result first = gw1.client(alice).withCode(code).ssh("mila", "true");
        assertThat(first.exitCode()).as(first.toString()).isZero();
        OpenSsh other = gw1.clientOf(gw2, alice);
        Result replay = other.withCode(code).ssh("-o", "NumberOfPasswordPrompts=1", "mila", "true");
        assertThat(replay.exitCode()).as(replay.toString()).isEqualTo(255);
        assertThat(replay.stderr()).contains("That code was already used");
        assertThat(replay.stderr()).as("same host keys: no known_hosts warning").doesNotContain("WARNING");
    }

    @Test
    @Order(2)
    void aDrainOnOneGatewayIsFollowedByTheOtherAndOutlivesBoth() throws Exception {
        assertThat(admin(gw1.gateway(), "drain", "login-2")).startsWith("0:");
        await().atMost(Duration.ofSeconds(10)).until(() -> gw2.balancer().backends().stream()
                .anyMatch(b -> b.name().equals("login-2") && b.drained()));
        OpenSsh other = gw1.clientOf(gw2, alice);
        for (int i = 0; i < 4; i++) {
            Result r = other.withCode(gw1.nextCode(alice)).ssh("mila", "echo $LOGIN_NODE");
            assertThat(r.stdout()).as(r.toString()).isEqualTo("login-1\n");
        }
        gw2.close();
        gw1.restartGateway();
        gw2 = gw1.startPeer("gw-2");
        await().atMost(Duration.ofSeconds(20)).until(() -> gw1.gateway().balancer().backends().stream()
                .anyMatch(b -> b.name().equals("login-2") && b.drained())
                && gw2.balancer().backends().stream().anyMatch(b -> b.name().equals("login-2") && b.drained()));
        assertThat(admin(gw2, "undrain", "login-2")).startsWith("0:");
        await().atMost(Duration.ofSeconds(10)).until(() -> gw1.gateway().balancer().backends().stream()
                .noneMatch(b -> b.drained()));
    }

    @Test
    @Order(3)
    void aUserLandsOnTheirLoginNodeWhicheverGatewayTheyReach() throws Exception {
        for (String name : List.of("bob", "carol", "dave", "erin")) {
            TestUser u = gw1.user(name);
            Result first = gw1.client(u).withCode(gw1.nextCode(u)).ssh("mila", "echo $LOGIN_NODE");
            assertThat(first.exitCode()).as(first.toString()).isZero();
            Result other = gw1.clientOf(gw2, u).withCode(gw1.nextCode(u)).ssh("mila", "echo $LOGIN_NODE");
            assertThat(other.stdout()).as(name + " through gw-2").isEqualTo(first.stdout());
        }
        String cluster = admin(gw2, "cluster");
        // gw-1 is named by its host name (the default), gw-2 by cluster.name
        assertThat(cluster).startsWith("0:").contains("connected").contains("this       gw-2")
                .contains("member     gw-2").contains("member     " + org.jumpgate.common.HostNames.local());
    }

    @Test
    @Order(4)
    void anyGatewayListsTheFleetsSessionsAndEndsOneOfAnother() throws Exception {
        String gw1Name = org.jumpgate.common.HostNames.local();
        try (org.jumpgate.it.fixture.BackgroundProcess held = gw1.client(alice).withCode(gw1.nextCode(alice))
                .startSsh("mila", "sleep 120")) {
            await().atMost(Duration.ofSeconds(20)).until(() -> admin(gw2, "sessions").lines()
                    .anyMatch(l -> l.contains("jgalice") && l.strip().endsWith(gw1Name)));
            String row = admin(gw2, "sessions").lines()
                    .filter(l -> l.contains("jgalice") && l.strip().endsWith(gw1Name)).findFirst().orElseThrow();
            String id = row.replaceFirst("^\\d+:", "").strip().split("\\s+")[0];
            assertThat(admin(gw2, "kill", id, "--reason", "moving you to gw-2")).startsWith("0:");
            Result ended = held.awaitExit(Duration.ofSeconds(30));
            assertThat(ended.stderr()).contains("this session was ended by an administrator: moving you to gw-2");
        }
    }

    @Test
    @Order(5)
    void aSourcePenalisedOnOneGatewayIsRefusedAtAcceptOnTheOther() throws Exception {
        TestUser pen = gw1.user("pen");
        OpenSsh one = gw1.client(pen);
        for (int i = 0; i < 4; i++) { // authfail 5 s each: 20 s outstanding, more than min 15 s
            Result wrong = one.withCode(gw1.wrongCode(pen)).ssh("-o", "BindAddress=127.0.0.2",
                    "-o", "NumberOfPasswordPrompts=1", "mila", "true");
            assertThat(wrong.exitCode()).as(wrong.toString()).isEqualTo(255);
        }
        await().atMost(Duration.ofSeconds(20)).until(() -> gw1.audit().contains("\"source\":\"127.0.0.2/32\",\"penalty\""));
        OpenSsh other = gw1.clientOf(gw2, pen);
        await().atMost(Duration.ofSeconds(20)).until(() -> {
            Result r = other.withCode(gw1.nextCode(pen)).ssh("-o", "BindAddress=127.0.0.2", "mila", "true");
            return r.exitCode() == 255 && r.stderr().contains("kex_exchange_identification")
                    && r.askpassPrompts().isEmpty();
        });
        Result elsewhere = other.withCode(gw1.nextCode(pen)).ssh("mila", "echo from 127.0.0.1");
        assertThat(elsewhere.stdout()).as(elsewhere.toString()).isEqualTo("from 127.0.0.1\n");
        gw1.limitsClock().advance(Duration.ofSeconds(21));
        Result again = other.withCode(gw1.nextCode(pen)).ssh("-o", "BindAddress=127.0.0.2", "mila", "echo back");
        assertThat(again.stdout()).as("the penalty is over on every gateway: " + again).isEqualTo("back\n");
    }

    @Test
    @Order(6)
    void aUserLockedOutOnOneGatewayIsLockedOnTheOther() throws Exception {
        TestUser guessed = gw1.user("guessed");
        String[] wrong = new String[10];
        Arrays.fill(wrong, gw1.wrongCode(guessed));
        OpenSsh thief = gw1.client(guessed);
        thief.withCode(wrong).ssh("-o", "NumberOfPasswordPrompts=10", "mila", "true"); // 3 wrong codes
        Result locking = thief.withCode(wrong).ssh("-o", "NumberOfPasswordPrompts=10", "mila", "true");
        assertThat(locking.stderr()).as("the fifth wrong code locks on gw-1")
                .contains("Too many wrong verification codes for this account");
        OpenSsh other = gw1.clientOf(gw2, guessed);
        await().atMost(Duration.ofSeconds(20)).until(() -> {
            Result r = other.withCode(gw1.nextCode(guessed)).ssh("mila", "true");
            return r.exitCode() == 255 && r.askpassPrompts().isEmpty()
                    && r.stderr().contains("Too many wrong verification codes for this account");
        });
        gw1.limitsClock().advance(Duration.ofMinutes(5));
        Result after = other.withCode(gw1.nextCode(guessed)).ssh("mila", "echo in");
        assertThat(after.stdout()).as(after.toString()).isEqualTo("in\n");
    }

    @Test
    @Order(7)
    void aGatewayKilledWithSigkillLeavesTheFleetsSessionListWithinTheSessionTimeout() throws Exception {
        int adminPort = EchoServer.freePort();
        GatewayProcess gw3 = gw1.startPeerProcess("gw-3", adminPort);
        TestUser kilo = gw1.user("kilo"); // codes on the real clock: a user the in-JVM gateways never saw
        await().atMost(Duration.ofSeconds(30)).until(() -> admin(gw2, "cluster").contains("member     gw-3"));
        await().atMost(Duration.ofSeconds(30)).until(() -> admin(adminPort, "backends").lines()
                .filter(l -> l.contains("login-")).allMatch(l -> l.contains(" UP")));
        try (BackgroundProcess held = gw1.clientAt(gw3.port(), kilo).withCode(gw1.codeNow(kilo))
                .startSsh("mila", "sleep 120")) {
            await().atMost(Duration.ofSeconds(30)).until(() -> sessionOf(gw2, "jgkilo", "gw-3"));
            long killed = System.nanoTime();
            gw3.kill9();
            await().atMost(SESSION_TIMEOUT.plus(Duration.ofSeconds(20))).pollInterval(Duration.ofMillis(100))
                    .until(() -> !sessionOf(gw2, "jgkilo", "gw-3"));
            Duration gone = Duration.ofNanos(System.nanoTime() - killed);
            System.out.printf("FLEET-TIMING gateway killed -9 -> its session gone from gw-2's admin sessions: %d ms"
                    + " (cluster.sessionTimeout %d ms)%n", gone.toMillis(), SESSION_TIMEOUT.toMillis());
            assertThat(admin(gw2, "cluster")).doesNotContain("member     gw-3");
            held.awaitExit(Duration.ofSeconds(30));
        }
    }

    private static boolean sessionOf(Gateway g, String user, String member) {
        return admin(g, "sessions").lines().anyMatch(l -> l.contains(user) && l.strip().endsWith(member));
    }

    @Test
    @Order(8)
    void oneZooKeeperMemberKilledFailsNoLogin() {
        int leader = zk.leader();
        long killed = System.nanoTime();
        zk.kill(leader >= 0 ? leader : 0);
        Result first = gw1.clientOf(gw2, alice).withCode(gw1.nextCode(alice)).ssh("mila", "true");
        Duration login = Duration.ofNanos(System.nanoTime() - killed);
        assertThat(first.exitCode()).as(first.toString()).isZero();
        // a write the fleet must take (a drain is refused while the store is away): how long the store was gone
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100))
                .until(() -> admin(gw2, "drain", "login-2").startsWith("0:"));
        Duration write = Duration.ofNanos(System.nanoTime() - killed);
        System.out.printf("FLEET-TIMING ZooKeeper %s (member %d of 3) killed -9 -> next login through gw-2 ok: %d ms;"
                        + " next fleet write (drain) taken: %d ms%n", leader >= 0 ? "leader" : "member",
                leader >= 0 ? leader + 1 : 1, login.toMillis(), write.toMillis());
        await().atMost(Duration.ofSeconds(30)).until(() -> admin(gw2, "undrain", "login-2").startsWith("0:"));
        for (int i = 0; i < 3; i++) {
            Result r = gw1.clientOf(gw2, alice).withCode(gw1.nextCode(alice)).ssh("mila", "true");
            assertThat(r.exitCode()).as(r.toString()).isZero();
        }
    }

    @Test
    @Order(9)
    void withoutZooKeeperLoginsGoOnAndDrainsAreRefusedWithTheReason() {
        zk.stopAll();
        await().atMost(Duration.ofSeconds(30)).until(() -> !connected(gw1.gateway()));
        Result r = gw1.client(alice).withCode(gw1.nextCode(alice)).ssh("mila", "echo still");
        assertThat(r.stdout()).as(r.toString()).isEqualTo("still\n");
        String refused = admin(gw1.gateway(), "drain", "login-1");
        assertThat(refused).doesNotStartWith("0:").contains("the fleet's ZooKeeper cannot be reached");
        assertThat(gw1.audit()).contains("\"event\":\"cluster.lost\"");
    }
}
