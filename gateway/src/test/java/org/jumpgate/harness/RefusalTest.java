package org.jumpgate.harness;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.security.KeyPair;
import org.apache.sshd.client.session.ClientSession;
import org.apache.sshd.common.config.keys.KeyUtils;
import org.jumpgate.harness.UserClient.Login;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Who should not get in is refused, with one line saying why where the gateway says one (an
 * authentication banner, a channel open failure), and the gateway goes on serving others.
 */
@Timeout(60)
class RefusalTest {

    @TempDir
    static Path dir;
    static GatewayHarness gw;
    static TestUser alice;
    static TestUser carol;

    @BeforeAll
    static void start() throws Exception {
        gw = GatewayHarness.in(dir).node("login-1").accounts("""
                users:
                  alice: {status: active}
                  carol: {status: disabled, reason: left the lab}
                """).start();
        alice = gw.user("alice");
        carol = gw.user("carol");
    }

    @AfterAll
    static void stop() throws Exception {
        if (gw != null) {
            gw.close();
        }
    }

    private static void gatewayStillServes() throws Exception {
        assertThat(gw.exec(alice, "echo still here").stdout()).isEqualTo("still here\n");
    }

    @Test
    void aWrongKeyIsRefusedBeforeAnyCodeIsAsked() throws Exception {
        KeyPair stranger = GatewayHarness.strangerKey();
        Login login = gw.tryLogin(alice.name(), stranger, gw.nextCode(alice));
        assertThat(login.succeeded()).isFalse();
        assertThat(login.prompts()).isEmpty();
        assertThat(login.banners()).isEmpty(); // as sshd: the client says "Permission denied (publickey)"
        assertThat(gw.audit().events("auth.failure", "alice")).anySatisfy(e -> {
            assertThat(e.get("key")).isEqualTo(KeyUtils.getFingerPrint(stranger.getPublic()));
            assertThat(e.get("reason")).isEqualTo("key not authorized for this user");
        });
        gatewayStillServes();
    }

    @Test
    void aRefusedUserNameIsAuditedAsGivenPrintableAndTheReasonSaysWhy() throws Exception {
        KeyPair stranger = GatewayHarness.strangerKey();
        assertThat(gw.tryLogin("nb-nobody", stranger, "000000").succeeded()).isFalse();
        assertThat(gw.tryLogin("eve\u001b[31m", stranger, "000000").succeeded()).isFalse();
        assertThat(gw.audit().events("auth.failure", "nb-nobody")).anySatisfy(
                e -> assertThat(e.get("reason")).isEqualTo("key not authorized for this user"));
        assertThat(gw.audit().events("auth.failure", "eve?[31m")).anySatisfy(
                e -> assertThat(e.get("reason")).isEqualTo("not a valid user name"));
    }

    @Test
    void theRightKeyWithAWrongCodeIsRefused() throws Exception {
        String wrong = gw.wrongCode(alice);
        Login login = gw.tryLogin(alice.name(), alice.key(), wrong, wrong, wrong);
        assertThat(login.succeeded()).isFalse();
        assertThat(login.prompts()).hasSize(3).allSatisfy(p -> assertThat(p).isEqualTo("Verification code: "));
        // three codes per connection, each refusal's reason the instruction of the prompt after it;
        // the last one's in a banner
        assertThat(login.banners()).contains("Wrong code (check that your phone's clock is right).\r\n");
        assertThat(gw.audit().events("auth.failure", "alice"))
                .anySatisfy(e -> assertThat(e.get("reason")).isEqualTo("wrong one-time code"));
        gatewayStillServes();
    }

    @Test
    void aCodeIsAcceptedOnlyOnce() throws Exception {
        String code = gw.nextCode(alice);
        Login first = gw.tryLogin(alice.name(), alice.key(), code);
        assertThat(first.succeeded()).as("%s", first).isTrue();
        first.session().close(true);
        Login again = gw.tryLogin(alice.name(), alice.key(), code);
        assertThat(again.succeeded()).isFalse();
        assertThat(gw.audit().events("auth.failure", "alice"))
                .anySatisfy(e -> assertThat(e.get("reason")).isEqualTo("one-time code already used"));
    }

    @Test
    void aDisabledAccountIsToldWhyInOneLine() throws Exception {
        Login login = gw.tryLogin(carol.name(), carol.key(), gw.nextCode(carol));
        assertThat(login.succeeded()).isFalse();
        assertThat(login.banners()).singleElement().asString()
                .startsWith("jumpgate: account carol is disabled (left the lab)")
                .endsWith("\r\n").hasLineCount(1);
        assertThat(login.prompts()).isEmpty();
        gatewayStillServes();
    }

    @Test
    void aLoginNodeThatIsDownIsOneReadableLine(@TempDir Path lonelyDir) throws Exception {
        try (GatewayHarness lonely = GatewayHarness.in(lonelyDir).downNode("login-9").start()) {
            TestUser erin = lonely.user("erin");
            ClientSession session = lonely.login(erin);
            String reason = UserClient.openFailure(session, "echo never");
            assertThat(reason).isEqualTo("jumpgate: no login node is reachable right now (tried 1); try again in a minute");
            assertThat(lonely.audit().events("backend.unavailable", "erin")).hasSize(1);
        }
    }
}
