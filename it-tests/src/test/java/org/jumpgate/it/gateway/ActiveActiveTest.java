package org.jumpgate.it.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.micrometer.core.instrument.Counter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.jumpgate.it.fixture.HaProxy;
import org.jumpgate.it.fixture.OpenSsh;
import org.jumpgate.it.fixture.Requirements;
import org.jumpgate.it.fixture.Result;
import org.jumpgate.it.fixture.TestUser;
import org.jumpgate.it.fixture.ZooKeeperEnsemble;
import org.jumpgate.server.Gateway;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Two gateways of one fleet (a real three-member ZooKeeper) both active behind a real HAProxy
 * ({@code balance roundrobin}, {@code send-proxy-v2}, as deploy/haproxy ships it), before real
 * sshd login nodes, with real OpenSSH and a real one-time code for every login (no remembered
 * second factor): logins spread over both and none fails, and a code let in through one gateway
 * is refused through the other.
 */
class ActiveActiveTest {

    /** Logins through HAProxy, {@link #USERS} at a time (each with its own code of one step). */
    static final int LOGINS = 100;
    static final int USERS = 10;
    static final int AT_ONCE = 5;

    static ZooKeeperEnsemble zk;
    static GatewayFixture gw1;
    static Gateway gw2;
    static HaProxy haproxy;

    @BeforeAll
    static void start() throws Exception {
        Requirements.assumeProgram(HaProxy.PROGRAM);
        zk = ZooKeeperEnsemble.start(3);
        gw1 = GatewayFixture.start(List.of("login-1", "login-2"),
                "cluster:\n  zookeeper: \"" + zk.connectString() + "\"\n  sessionTimeout: 4s\n"
                        + "proxyProtocol:\n  from: [\"127.0.0.1/32\"]\n");
        gw2 = gw1.startPeer("gw-2");
        await().atMost(Duration.ofSeconds(30)).until(() -> connected(gw1.gateway()) && connected(gw2));
        Map<String, Integer> servers = new LinkedHashMap<>();
        servers.put("gw1", gw1.gateway().port());
        servers.put("gw2", gw2.port());
        haproxy = HaProxy.start(servers);
    }

    @AfterAll
    static void stop() {
        if (haproxy != null) {
            haproxy.close();
        }
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

    private static double count(Gateway g, String name, String tag, String value) {
        return g.metrics().find(name).tag(tag, value).counters().stream().mapToDouble(Counter::count).sum();
    }

    /**
     * Users this gateway let in and sent to a login node (auth.success comes once per method: key,
     * then code): on a new backend link, or on one that lingered after an earlier login of theirs.
     */
    private static double logins(Gateway g) {
        return count(g, "jumpgate.events", "event", "backend.chosen") + count(g, "jumpgate.events", "event", "backend.reused");
    }

    private static double replays(Gateway g) {
        return count(g, "jumpgate.auth.failures", "reason", "replayed_code");
    }

    @Test
    void aHundredLoginsThroughHaProxySpreadOverBothGatewaysAndNoneFails() throws Exception {
        List<TestUser> users = new ArrayList<>();
        for (int i = 0; i < USERS; i++) {
            users.add(gw1.user("aa" + i));
        }
        double before1 = logins(gw1.gateway());
        double before2 = logins(gw2);
        List<Result> failed = new ArrayList<>();
        ExecutorService pool = Executors.newFixedThreadPool(AT_ONCE);
        try {
            for (int round = 0; round < LOGINS / USERS; round++) {
                gw1.nextStep(); // a new step: each user's code for it is unused, whichever gateway checks it
                List<Future<Result>> logins = new ArrayList<>();
                for (TestUser u : users) {
                    String code = gw1.currentCode(u);
                    OpenSsh c = gw1.clientAt(haproxy.port(), u);
                    logins.add(pool.submit(() -> c.withCode(code).ssh("mila", "echo $LOGIN_NODE")));
                }
                for (Future<Result> f : logins) {
                    Result r = f.get();
                    if (r.exitCode() != 0 || !r.stdout().startsWith("login-")) {
                        failed.add(r);
                    }
                }
            }
        } finally {
            pool.shutdownNow();
        }
        double served1 = logins(gw1.gateway()) - before1;
        double served2 = logins(gw2) - before2;
        System.out.printf("FLEET-HAPROXY %d logins through HAProxy: gw-1 let in %.0f, gw-2 %.0f, failed %d%n",
                LOGINS, served1, served2, failed.size());
        assertThat(failed).as("failed logins").isEmpty();
        assertThat(served1 + served2).isEqualTo(LOGINS);
        assertThat(served1).as("gw-1 served some").isPositive();
        assertThat(served2).as("gw-2 served some").isPositive();
    }

    @Test
    void aCodeLetInThroughOneGatewayIsRefusedThroughTheOther() throws Exception {
        TestUser user = gw1.user("replay");
        gw1.nextStep();
        String code = gw1.currentCode(user);
        double in1 = logins(gw1.gateway());
        Result first = gw1.clientAt(haproxy.port(), user).withCode(code).ssh("mila", "true");
        assertThat(first.exitCode()).as(first.toString()).isZero();
        boolean firstOnGw1 = logins(gw1.gateway()) > in1;
        Gateway other = firstOnGw1 ? gw2 : gw1.gateway();
        double refusedByOther = replays(other);
        // roundrobin sends the next connection to the other gateway; whichever one gets a replay refuses it
        for (int i = 0; i < 4 && replays(other) == refusedByOther; i++) {
            Result replay = gw1.clientAt(haproxy.port(), user).withCode(code)
                    .ssh("-o", "NumberOfPasswordPrompts=1", "mila", "true");
            assertThat(replay.exitCode()).as(replay.toString()).isEqualTo(255);
            assertThat(replay.stderr()).contains("That code was already used");
        }
        assertThat(replays(other)).as("the replay reached the gateway that had not let the code in, and was refused")
                .isGreaterThan(refusedByOther);
    }
}
