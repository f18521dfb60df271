package org.jumpgate.it.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.util.List;
import org.apache.sshd.common.config.keys.PublicKeyEntry;
import org.jumpgate.it.fixture.HaProxy;
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
    static HaProxy haproxy;
    static int port;

    @BeforeAll
    static void start() throws Exception {
        Requirements.assumeProgram(HaProxy.PROGRAM);
        gw = GatewayFixture.startKeyOnly(List.of("login-1"), java.util.Map.of(),
                "proxyProtocol:\n  from: [\"127.0.0.1/32\"]\n");
        haproxy = HaProxy.start(java.util.Map.of("gw1", gw.gateway().port()));
        port = haproxy.port();
    }

    @AfterAll
    static void stop() {
        if (haproxy != null) {
            haproxy.close();
        }
        if (gw != null) {
            gw.close();
        }
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
