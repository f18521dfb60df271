package org.jumpgate.it.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import static org.awaitility.Awaitility.await;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.jumpgate.cli.Main;
import org.jumpgate.it.fixture.BackgroundProcess;
import org.jumpgate.it.fixture.OpenSsh;
import org.jumpgate.it.fixture.Processes;
import org.jumpgate.it.fixture.Result;
import org.jumpgate.it.fixture.TestUser;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Host keys are the gateway's identity: made once, the same after a restart, printed as ssh-keygen
 * prints them. A restart's drain deadline tells the users it cuts why.
 */
class RestartTest {

    static GatewayFixture gw;
    static TestUser alice;

    @BeforeAll
    static void start() throws Exception {
        gw = GatewayFixture.start("login-1");
        alice = gw.user("alice");
    }

    @AfterAll
    static void stop() {
        if (gw != null) {
            gw.close();
        }
    }

    @Test
    void knownHostsStillMatchAfterARestart() throws Exception {
        OpenSsh client = gw.client(alice); // known_hosts written from the running gateway's keys
        List<String> before = gw.gateway().hostKeys().fingerprintLines();
        gw.restartGateway();
        assertThat(gw.gateway().hostKeys().fingerprintLines()).isEqualTo(before);
        var r = client.withCode(gw.nextCode(alice)).ssh("mila", "echo back");
        assertThat(r.stdout()).as(r.toString()).isEqualTo("back\n");
        assertThat(r.stderr()).doesNotContain("REMOTE HOST IDENTIFICATION HAS CHANGED");
    }

    @Test
    void sessionsOpenAtTheDrainDeadlineAreToldWhy() throws Exception {
        OpenSsh client = gw.client(alice).withCode(gw.nextCode(alice));
        try (BackgroundProcess open = client.startSsh("mila", "echo up; sleep 591")) {
            await().atMost(Duration.ofSeconds(30)).until(() -> open.stdout().startsWith("up"));
            gw.gateway().stop(Duration.ofMillis(100));
            Result end = open.awaitExit(Duration.ofSeconds(30));
            assertThat(end.exitCode()).isEqualTo(255);
            assertThat(end.stderr()).as(end.toString()).contains("jumpgate: the gateway is shutting down");
        } finally {
            gw.restartGateway();
        }
    }

    @Test
    void fingerprintsCommandPrintsExactlyWhatSshKeygenPrints() {
        List<String> keygen = new ArrayList<>();
        for (String k : List.of("ed25519", "ecdsa", "rsa")) {
            keygen.add(Processes.check("ssh-keygen", "-lf",
                    gw.dir().resolve("data/ssh_host_" + k + "_key").toString()).trim());
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        PrintStream old = System.out;
        System.setOut(new PrintStream(out, true));
        int code;
        try {
            code = Main.run("fingerprints", "--config", gw.configFile().toString());
        } finally {
            System.setOut(old);
        }
        assertThat(code).isZero();
        assertThat(out.toString().trim().lines().toList()).isEqualTo(keygen);
    }
}
