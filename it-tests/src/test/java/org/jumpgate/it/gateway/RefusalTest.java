package org.jumpgate.it.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Random;
import org.jumpgate.it.fixture.OpenSsh;
import org.jumpgate.it.fixture.Result;
import org.jumpgate.it.fixture.SshKeyPair;
import org.jumpgate.it.fixture.TestUser;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Everyone who should not get in is refused, with a reason where it is theirs to know, and others go on. */
class RefusalTest {

    static GatewayFixture gw;
    static TestUser alice;
    static TestUser carol;
    static TestUser dave;
    static OpenSsh client;

    @BeforeAll
    static void start() throws Exception {
        gw = GatewayFixture.start("login-1");
        alice = gw.user("alice");
        carol = gw.user("carol");
        dave = gw.user("dave");
        gw.accounts("""
                users:
                  jgalice: {status: active, expires: 2099-12-31}
                  jgcarol: {status: disabled, reason: left the lab}
                  jgdave: {status: active, expires: 2020-01-31}
                """);
        client = gw.client(alice);
    }

    @AfterAll
    static void stop() {
        if (gw != null) {
            gw.close();
        }
    }

    private void gatewayStillServes() {
        Result r = client.withCode(gw.nextCode(alice)).ssh("mila", "echo still here");
        assertThat(r.stdout()).as(r.toString()).isEqualTo("still here\n");
    }

    @Test
    void unknownUserIsRefused() {
        OpenSsh stranger = OpenSsh.builder("jgnobody", alice.privateKey()).gatewayPort(gw.gateway().port())
                .knownHosts(gw.knownHosts()).build();
        try {
            Result r = stranger.withCode("123456").ssh("mila", "true");
            assertThat(r.exitCode()).isEqualTo(255);
            assertThat(r.stderr()).contains("Permission denied (publickey)");
            assertThat(r.askpassPrompts()).isEmpty();
        } finally {
            stranger.close();
        }
        gatewayStillServes();
    }

    @Test
    void wrongKeyIsRefusedBeforeAnyCodeIsAsked() {
        SshKeyPair other = gw.strangerKey();
        OpenSsh wrong = OpenSsh.builder(alice.name(), other.privateKey()).gatewayPort(gw.gateway().port())
                .knownHosts(gw.knownHosts()).build();
        try {
            Result r = wrong.withCode(gw.nextCode(alice)).ssh("mila", "true");
            assertThat(r.exitCode()).isEqualTo(255);
            assertThat(r.stderr()).contains("Permission denied (publickey)");
            assertThat(r.askpassPrompts()).isEmpty();
        } finally {
            wrong.close();
        }
        assertThat(gw.audit()).contains("key not authorized for this user");
        gatewayStillServes();
    }

    @Test
    void rightKeyWithWrongCodeIsRefused() {
        Result r = client.withCode(gw.wrongCode(alice), gw.wrongCode(alice), gw.wrongCode(alice)).ssh("mila", "true");
        assertThat(r.exitCode()).isEqualTo(255);
        assertThat(r.stderr()).contains("Permission denied");
        assertThat(gw.audit()).contains("wrong one-time code");
        gatewayStillServes();
    }

    @Test
    void rightKeyWithNoCodeIsRefused() {
        Result r = client.withoutCode().ssh("mila", "true");
        assertThat(r.exitCode()).isEqualTo(255);
        assertThat(r.stderr()).contains("Permission denied");
        gatewayStillServes();
    }

    @Test
    void aCodeIsAcceptedOnlyOnce() {
        String code = gw.nextCode(alice);
        assertThat(client.withCode(code).ssh("mila", "true").exitCode()).isZero();
        Result again = client.withCode(code).ssh("mila", "true");
        assertThat(again.exitCode()).isEqualTo(255);
        assertThat(gw.audit()).contains("one-time code already used");
    }

    @Test
    void disabledAccountIsToldWhy() {
        OpenSsh c = gw.client(carol);
        Result r = c.withCode(gw.nextCode(carol)).ssh("mila", "true");
        assertThat(r.exitCode()).isEqualTo(255);
        assertThat(r.stderr()).contains("jumpgate: account jgcarol is disabled (left the lab)");
        assertThat(r.askpassPrompts()).isEmpty();
        gatewayStillServes();
    }

    @Test
    void expiredAccountIsToldWhen() {
        OpenSsh c = gw.client(dave);
        Result r = c.withCode(gw.nextCode(dave)).ssh("mila", "true");
        assertThat(r.exitCode()).isEqualTo(255);
        assertThat(r.stderr()).contains("jumpgate: account jgdave expired on 2020-01-31");
    }

    @Test
    void passwordAuthenticationIsNeverOffered() {
        Result r = client.withCode("hunter2").ssh("-o", "PreferredAuthentications=password", "mila", "true");
        assertThat(r.exitCode()).isEqualTo(255);
        assertThat(r.stderr()).contains("Permission denied (publickey)");
        assertThat(r.askpassPrompts()).isEmpty();
    }

    @Test
    void randomBytesGetTheConnectionClosedAndOthersGoOn() throws Exception {
        byte[] junk = new byte[4096];
        new Random(3).nextBytes(junk);
        assertThat(closedAfterSending(junk)).isTrue();
        gatewayStillServes();
    }

    @Test
    void overLongIdentificationLineGetsTheConnectionClosed() throws Exception {
        byte[] line = ("SSH-2.0-" + "x".repeat(70_000) + "\r\n").getBytes(StandardCharsets.US_ASCII);
        assertThat(closedAfterSending(line)).isTrue();
        gatewayStillServes();
    }

    /** Sends {@code bytes} after the gateway's identification; true when the gateway then closes. */
    private static boolean closedAfterSending(byte[] bytes) throws Exception {
        try (Socket s = new Socket("127.0.0.1", gw.gateway().port())) {
            s.setSoTimeout(20_000);
            InputStream in = s.getInputStream();
            OutputStream out = s.getOutputStream();
            try {
                out.write(bytes);
                out.flush();
            } catch (java.io.IOException e) {
                return true; // closed while we were still writing
            }
            byte[] buf = new byte[8192];
            try {
                while (in.read(buf) >= 0) {
                    // the identification and maybe a KEXINIT; then the end
                }
            } catch (java.net.SocketException e) {
                return true; // reset
            }
            return true;
        }
    }

    @Test
    void noReachableLoginNodeIsOneClearLine() throws Exception {
        try (GatewayFixture lonely = GatewayFixture.start(List.of("login-9"), "")) {
            TestUser erin = lonely.user("erin");
            OpenSsh c = lonely.client(erin);
            lonely.node("login-9").kill9();
            Result r = c.withCode(lonely.nextCode(erin)).ssh("mila", "true");
            assertThat(r.exitCode()).isEqualTo(255);
            assertThat(r.stderr()).containsPattern("jumpgate: no login node is (reachable|taking sessions) right now");
            assertThat(r.stderr()).doesNotContain("Exception");
        }
    }
}
