package org.jumpgate.it.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.jumpgate.balancer.BackendStatus;
import org.jumpgate.it.fixture.BackgroundProcess;
import org.jumpgate.it.fixture.OpenSsh;
import org.jumpgate.it.fixture.TestUser;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Operators add and remove login nodes by editing the config and reloading; nobody's session drops. */
class ReloadTest {

    static GatewayFixture gw;

    @BeforeAll
    static void start() {
        gw = GatewayFixture.startKeyOnly(List.of("login-1", "login-2"), Map.of(), "");
    }

    @AfterAll
    static void stop() {
        if (gw != null) {
            gw.close();
        }
    }

    private static List<String> backendNames() {
        return gw.gateway().balancer().backends().stream().map(BackendStatus::name).toList();
    }

    private static String admin(String... args) {
        return AdminCli.run(gw.gateway(), args);
    }

    @Test
    void removingAndAddingALoginNodeKeepsOpenSessions() throws Exception {
        TestUser user = gw.user("reload");
        OpenSsh client = gw.client(user);
        String original = Files.readString(gw.configFile());
        String login2 = "  - name: login-2\n    address: \"" + gw.node("login-2").address() + "\"\n";
        assertThat(original).contains(login2);
        try (BackgroundProcess open = client.startSsh("mila", "echo on $LOGIN_NODE; sleep 595")) {
            await().atMost(Duration.ofSeconds(30)).until(() -> open.stdout().startsWith("on login-"));
            Files.writeString(gw.configFile(), original.replace(login2, ""));
            assertThat(admin("reload")).startsWith("0:");
            assertThat(backendNames()).containsExactly("login-1");
            assertThat(open.isAlive()).isTrue();
            assertThat(client.ssh("mila", "echo $LOGIN_NODE").stdout()).isEqualTo("login-1\n");

            Files.writeString(gw.configFile(), original);
            assertThat(admin("reload")).startsWith("0:");
            assertThat(backendNames()).containsExactlyInAnyOrder("login-1", "login-2");
            assertThat(open.isAlive()).isTrue();
        } finally {
            Files.writeString(gw.configFile(), original);
        }
    }

    @Test
    void operatorListsSessionsAndKillsOne() throws Exception {
        TestUser user = gw.user("killme");
        OpenSsh client = gw.client(user);
        try (BackgroundProcess open = client.startSsh("mila", "echo up; sleep 593")) {
            await().atMost(Duration.ofSeconds(30)).until(() -> open.stdout().startsWith("up"));
            String listing = admin("sessions");
            assertThat(listing).startsWith("0:").contains("jgkillme");
            String id = listing.lines().filter(l -> l.contains("jgkillme")).findFirst().orElseThrow()
                    .trim().split("\\s+")[0]; // the table's first column is the connection id
            assertThat(admin("kill", id, "--reason", "login-1 reboots at noon")).startsWith("0:");
            org.jumpgate.it.fixture.Result end = open.awaitExit(Duration.ofSeconds(30));
            assertThat(end.exitCode()).isNotZero();
            assertThat(end.stderr()).as(end.toString())
                    .contains("jumpgate: this session was ended by an administrator: login-1 reboots at noon");
            assertThat(gw.audit()).contains("\"event\":\"connection.killed\"").contains("login-1 reboots at noon");
        }
    }

    @Test
    void aBrokenConfigIsRefusedWithEveryErrorAndNothingChanges() throws Exception {
        String original = Files.readString(gw.configFile());
        try {
            Files.writeString(gw.configFile(), original.replace("backends:", "backends: 12\nbogus:"));
            String out = admin("reload");
            assertThat(out).startsWith("1:");
            assertThat(backendNames()).containsExactlyInAnyOrder("login-1", "login-2");
        } finally {
            Files.writeString(gw.configFile(), original);
        }
    }
}
