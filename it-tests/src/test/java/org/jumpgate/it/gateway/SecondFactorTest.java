package org.jumpgate.it.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.jumpgate.it.fixture.OpenSsh;
import org.jumpgate.it.fixture.Result;
import org.jumpgate.it.fixture.SshKeyPair;
import org.jumpgate.it.fixture.TestUser;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The second factor as users meet it with real OpenSSH: a refused code says why at the next
 * prompt, and with {@code rememberSecondFactor} a second connection with the same key from the
 * same address is let in without a code (so {@code sftp -b}, which cannot answer prompts, works),
 * until a wrong code, {@code jumpgate admin forget}, or the time is up; a restart keeps it.
 */
class SecondFactorTest {

    static GatewayFixture plain;
    static GatewayFixture remembering;

    @BeforeAll
    static void start() {
        plain = GatewayFixture.start(List.of("login-1"), "");
        remembering = GatewayFixture.startWithAuth(List.of("login-1"), "  rememberSecondFactor: 1h\n", "");
    }

    @AfterAll
    static void stop() {
        if (plain != null) {
            plain.close();
        }
        if (remembering != null) {
            remembering.close();
        }
    }

    @Test
    void aReusedCodeSaysWhenTheNextOneComes() throws Exception {
        TestUser alice = plain.user("alice");
        OpenSsh client = plain.client(alice);
        String code = plain.nextCode(alice);
        assertThat(client.withCode(code).ssh("mila", "true").exitCode()).isZero();
        Result again = client.withCode(code).ssh("-o", "NumberOfPasswordPrompts=1", "mila", "true");
        assertThat(again.exitCode()).as(again.toString()).isEqualTo(255);
        assertThat(again.stderr()).containsPattern("That code was already used; the next one comes in \\d+ s\\.");
        assertThat(again.stderr()).doesNotContain(code);
    }

    @Test
    void aWrongCodeSaysSoAtTheNextPromptAndTheRightOneThenLetsIn() throws Exception {
        TestUser bob = plain.user("bob");
        Result r = plain.client(bob).withCode(plain.wrongCode(bob), plain.nextCode(bob)).ssh("mila", "echo in");
        assertThat(r.stdout()).as(r.toString()).isEqualTo("in\n");
        assertThat(r.askpassPrompts()).hasSize(2);
        assertThat(r.stderr()).contains("Wrong code (check that your phone's clock is right).");
    }

    @Test
    void aRememberedKeyIsLetInWithoutACodeAndAnotherKeyIsAsked() throws Exception {
        TestUser carol = remembering.user("carol");
        OpenSsh client = remembering.client(carol);
        assertThat(client.withCode(remembering.nextCode(carol)).ssh("mila", "true").exitCode()).isZero();

        Result second = client.withCode(remembering.wrongCode(carol)).ssh("mila", "echo again");
        assertThat(second.stdout()).as("an askpass that would answer a wrong code is never asked")
                .isEqualTo("again\n");
        assertThat(second.askpassPrompts()).isEmpty();
        assertThat(remembering.audit()).contains("\"user\":\"jgcarol\"").contains("\"method\":\"remembered\"");

        SshKeyPair laptop = remembering.strangerKey();
        remembering.authorizeAnotherKey(carol, laptop);
        OpenSsh other = OpenSsh.builder(carol.name(), laptop.privateKey()).gatewayPort(remembering.gateway().port())
                .knownHosts(remembering.knownHosts()).build();
        try {
            Result asked = other.withCode(remembering.nextCode(carol)).ssh("mila", "echo laptop");
            assertThat(asked.stdout()).as(asked.toString()).isEqualTo("laptop\n");
            assertThat(asked.askpassPrompts()).as("another key of the same user is asked").hasSize(1);
        } finally {
            other.close();
        }
    }

    @Test
    void sftpBatchWorksInsideTheWindow() throws Exception {
        TestUser dave = remembering.user("dave");
        OpenSsh client = remembering.client(dave);
        assertThat(client.withCode(remembering.nextCode(dave)).ssh("mila", "true").exitCode()).isZero();
        Path batch = Files.createTempFile("jg-sftp-", ".batch");
        try {
            Files.writeString(batch, "pwd\n");
            // sftp -b implies BatchMode=yes: no keyboard-interactive at all
            Result r = client.run(List.of(OpenSsh.SFTP, "-F", client.configFile().toString(), "-b",
                    batch.toString(), "mila"));
            assertThat(r.exitCode()).as(r.toString()).isZero();
            assertThat(r.stdout()).contains("Remote working directory");
        } finally {
            Files.deleteIfExists(batch);
        }
    }

    @Test
    void adminForgetMakesTheNextConnectionAsk() throws Exception {
        TestUser erin = remembering.user("erin");
        OpenSsh client = remembering.client(erin);
        assertThat(client.withCode(remembering.nextCode(erin)).ssh("mila", "true").exitCode()).isZero();

        String said = AdminCli.run(remembering.gateway(), "forget", erin.name());
        assertThat(said).startsWith("0:").contains("forgot " + erin.name() + "'s second factor");

        Result asked = client.withCode(remembering.nextCode(erin)).ssh("mila", "true");
        assertThat(asked.exitCode()).as(asked.toString()).isZero();
        assertThat(asked.askpassPrompts()).hasSize(1);
    }

    @Test
    void aWrongCodeEndsTheRememberingAndARestartKeepsIt() throws Exception {
        TestUser frank = remembering.user("frank");
        OpenSsh client = remembering.client(frank);
        assertThat(client.withCode(remembering.nextCode(frank)).ssh("mila", "true").exitCode()).isZero();

        remembering.restartGateway();
        Result afterRestart = client.withoutCode().ssh("mila", "echo kept");
        assertThat(afterRestart.stdout()).as(afterRestart.toString()).isEqualTo("kept\n");

        // another address of frank's (127.0.0.2) is asked, and answers wrong: remembering ends
        Result wrong = client.withCode(remembering.wrongCode(frank)).ssh("-o", "BindAddress=127.0.0.2",
                "-o", "NumberOfPasswordPrompts=1", "mila", "true");
        assertThat(wrong.exitCode()).isEqualTo(255);
        Result asked = client.withoutCode().ssh("-o", "NumberOfPasswordPrompts=1", "mila", "true");
        assertThat(asked.exitCode()).as("asked again, even from the remembered address").isEqualTo(255);
        assertThat(asked.askpassPrompts()).isNotEmpty();
    }
}
