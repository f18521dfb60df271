package org.jumpgate.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code jumpgate check}: every problem of a config and its files at once, nothing started; serve refuses the same. */
class CheckCommandTest {

    static final Path SHIPPED = Path.of("..", "deploy", "src", "dist", "etc");

    @TempDir
    Path dir;

    private final ByteArrayOutputStream err = new ByteArrayOutputStream();
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();

    private int run(String... args) {
        err.reset();
        out.reset();
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

    /** Five problems of five kinds: a bad value, a missing file, a missing directory, a token others can read, a missing job file. */
    private Path fiveErrors() throws Exception {
        Files.createDirectory(dir.resolve("keys"));
        Path token = dir.resolve("admin.token");
        Files.writeString(token, "0123456789abcdef0123456789abcdef\n");
        Files.setPosixFilePermissions(token, PosixFilePermissions.fromString("rw-r-----"));
        Path cfg = dir.resolve("jumpgate.yaml");
        Files.writeString(cfg, String.join("\n",
                "listen: 127.0.0.1:2222",
                "dataDir: " + dir.resolve("data"),
                "auth:",
                "  authorizedKeys: " + dir.resolve("keys") + "/%u",
                "  totpSecrets: " + dir.resolve("totp") + "/%u",
                "  accounts: " + dir.resolve("accounts.yaml"),
                "backends: [{name: login-1, address: \"127.0.0.1:22\"}]",
                "balancer: {rise: many}",
                "jobs: {source: file, file: " + dir.resolve("jobs.yaml") + "}",
                "admin: {tokenFile: " + token + "}", ""));
        return cfg;
    }

    @Test
    void checkListsFivePlantedErrorsOfDifferentKindsAtOnce() throws Exception {
        Path cfg = fiveErrors();
        assertThat(run("check", "--config", cfg.toString())).isEqualTo(2);
        String lines = err.toString();
        assertThat(lines).contains("jumpgate: " + cfg + " has 5 errors:\n");
        assertThat(lines.lines().filter(l -> l.startsWith("  ")).map(String::strip).toList()).satisfiesExactly(
                l -> assertThat(l).startsWith("balancer.rise: 'many'"),
                l -> assertThat(l).isEqualTo("auth.totpSecrets: " + dir.resolve("totp") + ": no such directory,"
                        + " expected the directory of the users' TOTP secrets (" + dir.resolve("totp") + "/%u)"),
                l -> assertThat(l).isEqualTo("auth.accounts: " + dir.resolve("accounts.yaml") + ": no such file,"
                        + " expected the accounts file (users: status, expires, groups)"),
                l -> assertThat(l).isEqualTo("jobs.file: " + dir.resolve("jobs.yaml") + ": no such file,"
                        + " expected a YAML file of user: [node, ...]"),
                l -> assertThat(l).startsWith("admin.tokenFile: " + dir.resolve("admin.token") + " has mode 0640"));
        assertThat(lines).doesNotContain("Exception");
        assertThat(out.toString()).doesNotContain("config OK");
    }

    @Test
    void serveRefusesWhatCheckRefusesWithTheSameLines() throws Exception {
        Path cfg = fiveErrors();
        run("check", "--config", cfg.toString());
        String fromCheck = err.toString();
        assertThat(run("serve", "--config", cfg.toString())).isEqualTo(2);
        assertThat(err.toString()).isEqualTo(fromCheck);
        assertThat(out.toString()).doesNotContain("listening");
        assertThat(dir.resolve("data")).as("nothing made before the refusal").doesNotExist();
    }

    @Test
    void checkBindsNothingTheConfiguredPortsMayBeInUse() throws Exception {
        Files.createDirectory(dir.resolve("keys"));
        Files.createDirectory(dir.resolve("totp"));
        InetAddress loopback = InetAddress.getLoopbackAddress();
        try (ServerSocket user = new ServerSocket(0, 1, loopback); ServerSocket admin = new ServerSocket(0, 1, loopback)) {
            Path cfg = dir.resolve("jumpgate.yaml");
            Files.writeString(cfg, String.join("\n",
                    "listen: 127.0.0.1:" + user.getLocalPort(),
                    "dataDir: " + dir.resolve("data"),
                    "auth: {authorizedKeys: " + dir.resolve("keys") + "/%u, totpSecrets: " + dir.resolve("totp") + "/%u}",
                    "backends: [{name: login-1, address: \"127.0.0.1:22\"}]",
                    "admin: {listen: 127.0.0.1:" + admin.getLocalPort() + "}", ""));
            assertThat(run("check", "--config", cfg.toString())).as(err.toString()).isZero();
        }
        assertThat(out.toString()).isEqualTo("jumpgate: " + dir.resolve("jumpgate.yaml")
                + ": config OK (1 login node, 0 users with authorized_keys, 2 warnings)\n");
        assertThat(err.toString()).contains("jumpgate: warning: dataDir: " + dir.resolve("data") + ": does not exist yet")
                .contains("jumpgate: warning: auth.authorizedKeys: ");
        assertThat(dir.resolve("data")).doesNotExist();
    }

    @Test
    void theShippedExamplePassesOnceItsPathsAreFilledIn() throws Exception {
        Path etc = Files.createDirectories(dir.resolve("etc/jumpgate"));
        Files.createDirectories(etc.resolve("keys"));
        Files.createDirectories(etc.resolve("totp"));
        Files.createDirectories(dir.resolve("var/log/jumpgate"));
        Files.copy(SHIPPED.resolve("accounts.yaml"), etc.resolve("accounts.yaml"));
        String yaml = Files.readString(SHIPPED.resolve("jumpgate.yaml"))
                .replace("/etc/jumpgate/", etc + "/")
                .replace("/var/lib/jumpgate", dir.resolve("var/lib/jumpgate").toString())
                .replace("/var/log/jumpgate/", dir.resolve("var/log/jumpgate") + "/");
        Path cfg = etc.resolve("jumpgate.yaml");
        Files.writeString(cfg, yaml);
        assertThat(run("check", "--config", cfg.toString())).as(err.toString()).isZero();
        assertThat(out.toString()).startsWith("jumpgate: " + cfg + ": config OK (4 login nodes, 5 pinned listeners, CPU jobs as 'cpu' (jumpgate-cpu, wait 1m, idle 10m), ");
    }

    @Test
    void aMissingConfigFileIsOneError() {
        Path none = dir.resolve("none.yaml");
        assertThat(run("check", "--config", none.toString())).isEqualTo(2);
        assertThat(err.toString()).startsWith("jumpgate: " + none + " has 1 error:\n  " + none + ": cannot read");
    }
}
