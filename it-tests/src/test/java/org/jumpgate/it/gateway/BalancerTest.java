package org.jumpgate.it.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.jumpgate.balancer.BackendState;
import org.jumpgate.balancer.BackendStatus;
import org.jumpgate.cli.Main;
import org.jumpgate.it.fixture.BackgroundProcess;
import org.jumpgate.it.fixture.OpenSsh;
import org.jumpgate.it.fixture.Result;
import org.jumpgate.it.fixture.SshdNode;
import org.jumpgate.it.fixture.TestUser;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * "At each connection you will be redirected to the least loaded login node": three real sshd
 * login nodes whose load the test sets through node_exporter-format endpoints; the balancer
 * probes them; real OpenSSH logs in.
 */
class BalancerTest {

    static final List<String> NODES = List.of("login-1", "login-2", "login-3");
    static final Map<String, FakeNodeMetrics> metrics = new HashMap<>();
    static GatewayFixture gw;
    static int pinnedPort;

    @BeforeAll
    static void start() throws Exception {
        Map<String, String> urls = new HashMap<>();
        for (String n : NODES) {
            FakeNodeMetrics m = new FakeNodeMetrics(0.4);
            metrics.put(n, m);
            urls.put(n, m.url());
        }
        pinnedPort = EchoServer.freePort();
        gw = GatewayFixture.startKeyOnly(NODES, urls, """
                balancer:
                  interval: 200ms
                  probeTimeout: 500ms
                  rise: 2
                  fall: 2
                  affinityTtl: 12h
                listeners:
                  - listen: "127.0.0.1:%d"
                    backend: login-2
                """.formatted(pinnedPort));
    }

    @AfterAll
    static void stop() {
        if (gw != null) {
            gw.close();
        }
        metrics.values().forEach(FakeNodeMetrics::close);
    }

    @AfterEach
    void backToNormal() {
        for (String n : NODES) {
            metrics.get(n).load(0.4);
            gw.gateway().balancer().undrain(n);
        }
        awaitAll(s -> s.state() == BackendState.UP);
    }

    static BackendStatus status(String node) {
        return gw.gateway().balancer().backend(node).orElseThrow();
    }

    static void awaitAll(java.util.function.Predicate<BackendStatus> p) {
        await().atMost(Duration.ofSeconds(30)).until(() -> NODES.stream().map(BalancerTest::status).allMatch(p));
    }

    /** Sets the loads and waits until the balancer has seen them. */
    static void loads(double l1, double l2, double l3) {
        double[] l = {l1, l2, l3};
        for (int i = 0; i < 3; i++) {
            metrics.get(NODES.get(i)).load(l[i]);
        }
        await().atMost(Duration.ofSeconds(30)).until(() -> {
            for (int i = 0; i < 3; i++) {
                Double seen = status(NODES.get(i)).loadPerCpu();
                if (seen == null || Math.abs(seen - l[i] / FakeNodeMetrics.CPUS) > 1e-6) {
                    return false;
                }
            }
            return true;
        });
    }

    static String landOn(OpenSsh client) {
        Result r = client.ssh("mila", "echo $LOGIN_NODE");
        assertThat(r.exitCode()).as(r.toString()).isZero();
        return r.stdout().trim();
    }

    @Test
    void newLoginsGoToTheLeastLoadedNode() throws Exception {
        loads(3.0, 0.2, 2.0);
        assertThat(landOn(gw.client(gw.user("bal1")))).isEqualTo("login-2");
        loads(0.1, 3.5, 2.0);
        assertThat(landOn(gw.client(gw.user("bal2")))).isEqualTo("login-1");
    }

    @Test
    void aBurstOfConcurrentLoginsIsSpreadOverTheNodes() throws Exception {
        loads(0.4, 0.4, 0.4);
        List<OpenSsh> clients = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            clients.add(gw.client(gw.user("burst" + i)));
        }
        ExecutorService pool = Executors.newFixedThreadPool(30);
        try {
            List<Future<Result>> results = new ArrayList<>();
            for (int i = 0; i < 30; i++) {
                OpenSsh c = clients.get(i % clients.size());
                results.add(pool.submit(() -> c.ssh("mila", "echo $LOGIN_NODE; sleep 2")));
            }
            Map<String, Integer> counts = new HashMap<>();
            for (Future<Result> f : results) {
                Result r = f.get();
                assertThat(r.exitCode()).as(r.toString()).isZero();
                counts.merge(r.stdout().trim(), 1, Integer::sum);
            }
            assertThat(counts.keySet()).containsExactlyInAnyOrderElementsOf(NODES);
            assertThat(counts.values()).allSatisfy(n -> assertThat(n).isBetween(4, 16));
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void aHungSshdIsDetectedAndAvoided() throws Exception {
        OpenSsh client = gw.client(gw.user("hang"));
        loads(2.0, 0.1, 2.0);
        SshdNode node = gw.node("login-2");
        node.stop();
        try {
            await().atMost(Duration.ofSeconds(30)).until(() -> status("login-2").state() == BackendState.DOWN);
            assertThat(status("login-2").reason()).isNotBlank();
            for (int i = 0; i < 3; i++) {
                assertThat(landOn(client)).isNotEqualTo("login-2");
            }
        } finally {
            node.cont();
        }
        await().atMost(Duration.ofSeconds(30)).until(() -> status("login-2").state() == BackendState.UP);
    }

    @Test
    void aLoginNodeKilledUnderAStreamOfLoginsCostsNoFailedLogin() throws Exception {
        OpenSsh client = gw.client(gw.user("stream"));
        loads(0.4, 0.4, 0.1);
        SshdNode node = gw.node("login-3");
        List<String> landed = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            if (i == 4) {
                node.kill9();
            }
            landed.add(landOn(client)); // each must succeed, whichever node takes it
        }
        await().atMost(Duration.ofSeconds(30)).until(() -> status("login-3").state() == BackendState.DOWN);
        for (int i = 0; i < 3; i++) {
            assertThat(landOn(client)).isNotEqualTo("login-3");
        }
        assertThat(landed.subList(0, 4)).contains("login-3");
        node.restart();
        await().atMost(Duration.ofSeconds(30)).until(() -> status("login-3").state() == BackendState.UP);
    }

    @Test
    void drainedNodeTakesNoNewSessionsAndKeepsItsOpenOnes() throws Exception {
        TestUser user = gw.user("drain");
        OpenSsh client = gw.client(user);
        loads(0.1, 2.0, 2.0);
        try (BackgroundProcess open = client.startSsh("mila", "echo started on $LOGIN_NODE; sleep 596")) {
            await().atMost(Duration.ofSeconds(30)).until(() -> open.stdout().contains("started on login-1"));
            assertThat(admin("drain", "login-1")).isZero();
            assertThat(status("login-1").drained()).isTrue();
            for (int i = 0; i < 3; i++) {
                assertThat(landOn(gw.client(gw.user("drainnew" + i)))).isNotEqualTo("login-1");
            }
            assertThat(open.isAlive()).isTrue();
            assertThat(admin("undrain", "login-1")).isZero();
            assertThat(landOn(gw.client(gw.user("drainback")))).isEqualTo("login-1");
        }
    }

    @Test
    void aUserComesBackToTheirNodeUnlessItIsDrained() throws Exception {
        OpenSsh client = gw.client(gw.user("tmux"));
        loads(0.1, 1.0, 1.0);
        assertThat(landOn(client)).isEqualTo("login-1");
        loads(1.0, 0.1, 1.0); // login-1 is no longer the least loaded, but not overloaded
        assertThat(landOn(client)).isEqualTo("login-1");
        gw.gateway().balancer().drain("login-1");
        assertThat(landOn(client)).isEqualTo("login-2");
    }

    @Test
    void pinnedListenerAndJumpByNameReachLogin2WhateverTheLoad() throws Exception {
        TestUser user = gw.user("pin");
        gw.authorizeOnNodes(user);
        loads(0.1, 3.9, 0.1);
        OpenSsh pinned = gw.client(user, List.of(), "Host login2-pinned", "  HostName 127.0.0.1",
                "  Port " + pinnedPort, "  HostKeyAlias [127.0.0.1]:" + gw.gateway().port());
        Result viaListener = pinned.ssh("login2-pinned", "echo $LOGIN_NODE");
        assertThat(viaListener.stdout()).as(viaListener.toString()).isEqualTo("login-2\n");
        OpenSsh jumper = gw.client(user, gw.node("login-2").knownHostsLines("login-2"));
        Result viaJump = jumper.ssh("-J", "mila", "login-2", "echo $LOGIN_NODE");
        assertThat(viaJump.stdout()).as(viaJump.toString()).isEqualTo("login-2\n");
    }

    private static int admin(String... args) {
        List<String> a = new ArrayList<>(List.of("admin", "--admin", "127.0.0.1:" + gw.gateway().adminPort()));
        a.addAll(List.of(args));
        PrintStream old = System.out;
        System.setOut(new PrintStream(new ByteArrayOutputStream(), true));
        try {
            return Main.run(a.toArray(String[]::new));
        } finally {
            System.setOut(old);
        }
    }
}
