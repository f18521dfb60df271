package org.jumpgate.it.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.sshd.common.config.keys.PublicKeyEntry;
import org.jumpgate.it.fixture.OpenSsh;
import org.jumpgate.it.fixture.Requirements;
import org.jumpgate.it.fixture.Result;
import org.jumpgate.it.fixture.TestUser;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Behind a real HAProxy sending PROXY v2 (as deploy/haproxy ships it), the gateway sees the
 * user's own address: in the audit log and in authorized_keys {@code from=} checks.
 */
class ProxyProtocolTest {

    static GatewayFixture gw;
    static Process haproxy;
    static Path dir;
    static int port;

    @BeforeAll
    static void start() throws Exception {
        Requirements.assumeProgram("/usr/sbin/haproxy");
        gw = GatewayFixture.startKeyOnly(List.of("login-1"), java.util.Map.of(),
                "proxyProtocol:\n  from: [\"127.0.0.1/32\"]\n");
        dir = Files.createTempDirectory("jg-haproxy-");
        port = EchoServer.freePort();
        Path cfg = dir.resolve("haproxy.cfg");
        Files.writeString(cfg, String.join("\n",
                "global",
                "  log stderr format short local0 warning",
                "defaults",
                "  mode tcp",
                "  timeout connect 5s",
                "  timeout client 1h",
                "  timeout server 1h",
                "frontend ssh",
                "  bind 127.0.0.1:" + port,
                "  default_backend gateways",
                "backend gateways",
                "  server gw1 127.0.0.1:" + gw.gateway().port() + " send-proxy-v2",
                ""));
        haproxy = new ProcessBuilder("/usr/sbin/haproxy", "-db", "-f", cfg.toString())
                .redirectErrorStream(true).redirectOutput(dir.resolve("haproxy.log").toFile()).start();
        await().atMost(Duration.ofSeconds(20)).ignoreExceptions().until(() -> {
            try (Socket s = new Socket(InetAddress.getLoopbackAddress(), port)) {
                return true;
            }
        });
    }

    @AfterAll
    static void stop() throws Exception {
        if (haproxy != null) {
            haproxy.destroy();
            if (!haproxy.waitFor(10, TimeUnit.SECONDS)) {
                haproxy.destroyForcibly();
            }
        }
        if (gw != null) {
            gw.close();
        }
        org.jumpgate.it.fixture.TempDirs.delete(dir);
    }

    private static OpenSsh client(TestUser user, int to) {
        List<String> known = gw.gateway().hostKeys().keyPairs().stream()
                .map(k -> OpenSsh.knownHostsLine("127.0.0.1", to, PublicKeyEntry.toString(k.getPublic()))).toList();
        return OpenSsh.builder(user).gatewayPort(to).knownHosts(known).config("BindAddress 127.0.0.2").build();
    }

    @Test
    void theAuditLogShowsTheUsersAddressNotTheLoadBalancers() throws IOException {
        TestUser user = gw.user("proxied");
        try (OpenSsh c = client(user, port)) {
            Result r = c.ssh("mila", "echo $LOGIN_NODE");
            assertThat(r.stdout()).as(r.toString()).isEqualTo("login-1\n");
        }
        assertThat(gw.audit().lines().filter(l -> l.contains("\"user\":\"jgproxied\"") && l.contains("auth.success")))
                .isNotEmpty().allSatisfy(l -> assertThat(l).contains("\"source\":\"127.0.0.2:"));
    }

    @Test
    void fromOptionsAreCheckedAgainstTheUsersAddress() throws IOException {
        TestUser user = gw.user("fromcheck");
        Files.writeString(gw.dir().resolve("keys").resolve(user.name()),
                "from=\"127.0.0.2\" " + user.publicKeyLine() + "\n");
        try (OpenSsh viaProxy = client(user, port); OpenSsh direct = client(user, gw.gateway().port())) {
            assertThat(viaProxy.ssh("mila", "true").exitCode()).isZero();
            // straight to the gateway from 127.0.0.2: no header, so the real peer address counts
            Result r = direct.ssh("mila", "true");
            assertThat(r.exitCode()).isZero();
            Files.writeString(gw.dir().resolve("keys").resolve(user.name()),
                    "from=\"127.0.0.3\" " + user.publicKeyLine() + "\n");
            assertThat(viaProxy.ssh("mila", "true").stderr()).contains("Permission denied");
        }
    }

    @Test
    void balancersAddedByAReloadHaveTheirHeaderReadAtOnce() throws IOException {
        TestUser user = gw.user("reloadproxy");
        String original = Files.readString(gw.configFile());
        try (OpenSsh c = client(user, port)) {
            Files.writeString(gw.configFile(), original.replace("proxyProtocol:\n  from: [\"127.0.0.1/32\"]\n", ""));
            assertThat(gw.gateway().reload().applied()).isTrue();
            Result without = c.ssh("mila", "true");
            assertThat(without.exitCode()).as("HAProxy's header is not SSH: " + without).isEqualTo(255);

            Files.writeString(gw.configFile(), original);
            assertThat(gw.gateway().reload().applied()).as("proxyProtocol.from applies live").isTrue();
            Result with = c.ssh("mila", "echo $LOGIN_NODE");
            assertThat(with.stdout()).as(with.toString()).isEqualTo("login-1\n");
        } finally {
            Files.writeString(gw.configFile(), original);
            gw.gateway().reload();
        }
    }
}
