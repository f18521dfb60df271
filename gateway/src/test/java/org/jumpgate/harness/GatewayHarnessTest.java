package org.jumpgate.harness;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.util.List;
import org.jumpgate.harness.UserClient.ExecResult;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The harness itself: its login node's commands are the documented ones, and close() leaves nothing running. */
@Timeout(60)
class GatewayHarnessTest {

    @TempDir
    Path dir;

    @Test
    void anUnknownCommandSaysSoOnStderrAndExits127() throws Exception {
        try (GatewayHarness gw = GatewayHarness.in(dir).node("login-1").start()) {
            ExecResult r = gw.exec(gw.user("dan"), "echo first; frobnicate now; echo never");
            assertThat(r.exitStatus()).as("%s", r).isEqualTo(127);
            assertThat(r.stdout()).isEqualTo("first\n");
            assertThat(r.stderr()).isEqualTo("node: unknown command frobnicate\n");
        }
    }

    @Test
    void closeStopsTheGatewayItsLoginNodesAndTheUsersClient() throws Exception {
        List<String> before = LiveThreads.names();
        GatewayHarness gw = GatewayHarness.in(dir).node("login-1").node("login-2").start();
        TestUser dan = gw.user("dan");
        // a command still running at close: the node ends it
        gw.login(dan).createExecChannel("sleep 600").open().verify(UserClient.WAIT);
        List<Integer> ports = List.of(gw.gateway().port(), gw.gateway().adminPort(), gw.node("login-1").port(),
                gw.node("login-2").port());
        gw.close();
        await().atMost(UserClient.WAIT).untilAsserted(() -> {
            for (int port : ports) {
                assertThat(LiveThreads.listening(port)).as("port %d", port).isFalse();
            }
            assertThat(LiveThreads.names()).isSubsetOf(before);
        });
    }


}
