package org.jumpgate.loadgen.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import org.apache.sshd.common.config.keys.KeyUtils;
import org.apache.sshd.common.config.keys.writer.openssh.OpenSSHKeyPairResourceWriter;
import org.apache.sshd.common.keyprovider.KeyPairProvider;
import org.jumpgate.loadgen.run.Users;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class LoadCommandTest {

    @TempDir
    Path dir;

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    @BeforeEach
    void user() throws Exception {
        Path u = Files.createDirectories(dir.resolve("users/alice"));
        KeyPair pair = KeyUtils.generateKeyPair(KeyPairProvider.SSH_ED25519, 256);
        try (var o = Files.newOutputStream(u.resolve(Users.KEY_FILE))) {
            OpenSSHKeyPairResourceWriter.INSTANCE.writePrivateKey(pair, "alice", null, o);
        }
    }

    private int run(String... args) {
        CommandLine cl = new CommandLine(new LoadCommand());
        cl.setOut(new PrintWriter(out));
        cl.setErr(new PrintWriter(err));
        return cl.execute(args);
    }

    @Test
    void badUsageListsEveryProblemAndExits2() {
        int code = run("--target", "127.0.0.1", "--scenario", "jump", "--users", dir.resolve("users").toString(),
                "--duration", "soon", "--rate", "fast", "--concurrency", "0");
        assertThat(code).isEqualTo(2);
        assertThat(err.toString()).contains("jumpgate load: --target: '127.0.0.1' has no port, expected host:port")
                .contains("--duration: 'soon' is not a duration")
                .contains("--rate: 'fast' is not a rate, expected e.g. 20/s or 30/m")
                .contains("concurrency 0 is out of range")
                .contains("the jump scenario needs a jump target");
    }

    @Test
    void aTargetThatIsNotOursIsRefused() {
        int code = run("--target", "192.0.2.10:22", "--scenario", "login", "--users", dir.resolve("users").toString(),
                "--max-count", "1", "--quiet");
        assertThat(code).isEqualTo(2);
        assertThat(err.toString()).contains("192.0.2.10 is not loopback and not in an allowed block");
    }

    @Test
    void aMissingUsersDirectoryIsBadUsage() {
        int code = run("--target", "127.0.0.1:22", "--scenario", "login", "--users", dir.resolve("nobody").toString());
        assertThat(code).isEqualTo(2);
        assertThat(err.toString()).contains("--users: ").contains("is not a directory");
    }

    @Test
    void anUnreachableTargetExits1AfterABoundedRun() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        int code = run("--target", "127.0.0.1:" + port, "--scenario", "login", "--users",
                dir.resolve("users").toString(), "--max-count", "3", "--quiet");
        assertThat(code).as(out + "\n" + err).isEqualTo(1);
        assertThat(out.toString()).contains("completed 0  errors 3").contains("connect-refused");
        assertThat(err.toString()).contains("could not reach 127.0.0.1:" + port + " at all");
    }
}
