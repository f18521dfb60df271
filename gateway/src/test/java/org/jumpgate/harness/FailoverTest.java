package org.jumpgate.harness;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.jumpgate.harness.TestLoginNode.Login;
import org.jumpgate.harness.UserClient.ExecResult;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two login nodes; the first one in line does not take the gateway's login. The gateway tries the
 * next, and the user lands there without seeing an error. Each test has its own gateway, so that
 * no earlier session moves the balancer's order.
 */
@Timeout(60)
class FailoverTest {

    @TempDir
    Path dir;
    GatewayHarness gw;

    @AfterEach
    void stop() throws Exception {
        if (gw != null) {
            gw.close();
        }
    }

    /** A fresh user's first session: the balancer orders idle, equal nodes as configured, login-1 first. */
    private ExecResult firstSession(GatewayHarness.Builder nodes) throws Exception {
        gw = nodes.start();
        TestUser bob = gw.user("bob");
        return gw.exec(bob, "env LOGIN_NODE");
    }

    private void landedOnTheSecondAtTheSecondAttempt(ExecResult r) {
        assertThat(r.exitStatus()).as("%s", r).isZero();
        assertThat(r.stdout()).isEqualTo("LOGIN_NODE=login-2\n");
        assertThat(r.stderr()).isEmpty();
        assertThat(gw.node("login-1").loginAttempts()).isPositive();
        assertThat(gw.audit().events("backend.chosen", "bob")).singleElement().satisfies(e -> {
            assertThat(e.get("backend")).isEqualTo("login-2");
            assertThat(e.get("attempt")).isEqualTo(2);
        });
    }

    @Test
    void aLoginNodeThatRefusesTheCertificateIsPassedOverForTheNext() throws Exception {
        landedOnTheSecondAtTheSecondAttempt(firstSession(GatewayHarness.in(dir)
                .node("login-1", Login.REFUSE).node("login-2")));
    }

    @Test
    void aLoginNodeThatDropsTheConnectionIsPassedOverForTheNext() throws Exception {
        landedOnTheSecondAtTheSecondAttempt(firstSession(GatewayHarness.in(dir)
                .node("login-1", Login.DROP).node("login-2")));
    }

    @Test
    void aLoginNodeThatIsDownIsPassedOverForTheNext() throws Exception {
        // the balancer's first probe may already have taken login-1 out: then login-2 is the first try
        ExecResult r = firstSession(GatewayHarness.in(dir).downNode("login-1").node("login-2"));
        assertThat(r.exitStatus()).as("%s", r).isZero();
        assertThat(r.stdout()).isEqualTo("LOGIN_NODE=login-2\n");
        assertThat(r.stderr()).isEmpty();
        assertThat(gw.audit().events("backend.chosen", "bob")).singleElement()
                .satisfies(e -> assertThat(e.get("backend")).isEqualTo("login-2"));
    }
}
