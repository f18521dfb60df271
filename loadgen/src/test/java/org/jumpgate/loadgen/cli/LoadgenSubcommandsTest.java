package org.jumpgate.loadgen.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.util.List;
import org.apache.sshd.common.config.keys.KeyUtils;
import org.apache.sshd.common.config.keys.writer.openssh.OpenSSHKeyPairResourceWriter;
import org.apache.sshd.common.keyprovider.KeyPairProvider;
import org.jumpgate.cli.Main;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code load} and {@code echo-node} reach {@link Main#run} through {@link JumpgateSubcommand}:
 * they answer {@code --help}, are listed before {@code help}, and exit 0, 1 and 2 as the built-in
 * subcommands do.
 */
class LoadgenSubcommandsTest {

    @TempDir
    Path dir;

    private final ByteArrayOutputStream err = new ByteArrayOutputStream();
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();

    private int run(String... args) {
        PrintStream oldErr = System.err;
        PrintStream oldOut = System.out;
        System.setErr(new PrintStream(err, true));
        System.setOut(new PrintStream(out, true));
        try {
            return Main.run(args);
        } finally {
            System.setErr(oldErr);
            System.setOut(oldOut);
        }
    }

    @Test
    void loadAndEchoNodeAnswerHelp() {
        for (String name : List.of("load", "echo-node")) {
            out.reset();
            assertThat(run(name, "--help")).as("jumpgate %s --help", name).isZero();
            assertThat(out.toString()).as("jumpgate %s --help", name).contains("Usage: jumpgate " + name);
            out.reset();
            assertThat(run("help", name)).as("jumpgate help %s", name).isZero();
            assertThat(out.toString()).as("jumpgate help %s", name).contains("Usage: jumpgate " + name);
        }
    }

    @Test
    void theyAreListedAfterTheBuiltInOnesAndBeforeHelp() {
        assertThat(run("--help")).isZero();
        String help = out.toString();
        int admin = help.indexOf("\n  admin ");
        int load = help.indexOf("\n  load ");
        int echoNode = help.indexOf("\n  echo-node ");
        int helpCommand = help.indexOf("\n  help ");
        assertThat(List.of(admin, load, echoNode, helpCommand)).as(help).doesNotContain(-1).isSorted();
    }

    @Test
    void badUsageExitsTwo() {
        assertThat(run("load")).isEqualTo(2);
        assertThat(err.toString()).contains("Missing required options");
        err.reset();
        assertThat(run("echo-node")).isEqualTo(2);
        assertThat(err.toString()).contains("Missing required option: '--ca-key-file=CA.pub'");
    }

    @Test
    void anUnreachableTargetExitsOne() throws Exception {
        Path u = Files.createDirectories(dir.resolve("users/alice"));
        KeyPair pair = KeyUtils.generateKeyPair(KeyPairProvider.SSH_ED25519, 256);
        try (var o = Files.newOutputStream(u.resolve("id_ed25519"))) {
            OpenSSHKeyPairResourceWriter.INSTANCE.writePrivateKey(pair, "alice", null, o);
        }
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        assertThat(run("load", "--target", "127.0.0.1:" + port, "--scenario", "login", "--users",
                dir.resolve("users").toString(), "--max-count", "1", "--quiet")).as(out + "\n" + err).isEqualTo(1);
    }
}
