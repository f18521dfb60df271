package org.jumpgate.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A demo node's session starts as sshd starts one on a login node. */
class LoginEnvironmentTest {

    @TempDir
    Path dir;

    @Test
    void theNodeSaysWhoAndWhereTheSessionIsWhateverTheClientSent() {
        LoginEnvironment login = new LoginEnvironment("login-2", dir.resolve("home"), "/bin/bash");
        Map<String, String> env = login.variables("demo", Map.of("HOME", "/elsewhere", "PATH", "/evil",
                "LANG", "C.UTF-8", "TERM", "xterm", "SSH_AUTH_SOCK", "/tmp/a/agent.sock", "USER", "root"));

        assertThat(env).containsEntry("HOME", dir.resolve("home").toString()).containsEntry("USER", "demo")
                .containsEntry("LOGNAME", "demo").containsEntry("SHELL", "/bin/bash")
                .containsEntry("PATH", LoginEnvironment.PATH).containsEntry("LOGIN_NODE", "login-2")
                .containsEntry("LANG", "C.UTF-8").containsEntry("TERM", "xterm")
                .containsEntry("SSH_AUTH_SOCK", "/tmp/a/agent.sock");
    }

    @Test
    void aPtyRequestsSizeIsNotFrozenIntoTheEnvironment() {
        Map<String, String> env = LoginEnvironment.of("login-1", dir).variables("demo",
                Map.of("COLUMNS", "80", "LINES", "24", "TERM", "xterm"));

        assertThat(env).doesNotContainKeys("COLUMNS", "LINES").containsEntry("TERM", "xterm");
    }

    @Test
    void aPtyRequestWithoutTypeOrSizeGetsADumbTerminalOfEightyByTwentyFour() {
        assertThat(new NodeChannelSession.PtyRequest("", 0, 0))
                .isEqualTo(new NodeChannelSession.PtyRequest("dumb", 80, 24));
    }

    @Test
    void aShellRequestRunsALoginShellAndExecRunsTheCommandThroughTheShell() {
        LoginEnvironment login = new LoginEnvironment("login-1", dir, "/bin/bash");

        assertThat(login.argv(null)).isEqualTo(List.of("/bin/bash", "-l"));
        assertThat(login.argv("rsync --server . x")).isEqualTo(List.of("/bin/bash", "-c", "rsync --server . x"));
    }

    @Test
    void theHomeGetsAPromptNamingTheNodeOnceAndKeepsTheUsersOwnEdits() throws Exception {
        Path home = dir.resolve("home");
        LoginEnvironment login = new LoginEnvironment("login-1", home, "/bin/bash");
        login.prepareHome();
        assertThat(Files.readString(home.resolve(".bashrc"))).contains("PS1='$USER@$LOGIN_NODE:\\w$ '");
        assertThat(Files.readString(home.resolve(".profile"))).contains(".bashrc");

        Files.writeString(home.resolve(".bashrc"), "PS1='mine> '\n");
        login.prepareHome();
        assertThat(Files.readString(home.resolve(".bashrc"))).isEqualTo("PS1='mine> '\n");
    }
}
