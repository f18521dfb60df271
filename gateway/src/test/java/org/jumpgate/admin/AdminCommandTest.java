package org.jumpgate.admin;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.jumpgate.cli.AdminCommand;
import org.jumpgate.common.HostPort;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class AdminCommandTest {

    @TempDir
    Path dir;

    private final FakeAdminOps ops = new FakeAdminOps();
    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();
    private AdminServer server;

    @BeforeEach
    void start() throws Exception {
        server = AdminServer.start(new HostPort("127.0.0.1", 0), ops, registry);
    }

    @AfterEach
    void stop() {
        server.close();
        registry.close();
    }

    private String admin() {
        return "127.0.0.1:" + server.port();
    }

    private int run(String... args) {
        CommandLine cl = new CommandLine(new AdminCommand());
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        return cl.execute(args);
    }

    @Test
    void backendsPrintsATableOfNamesStatesAndLoad() {
        assertThat(run("--admin", admin(), "backends")).isZero();
        List<String> lines = out.toString().lines().toList();
        assertThat(lines.get(0)).matches("NAME\\s+STATE\\s+SESSIONS\\s+LOAD/CPU\\s+REASON");
        assertThat(lines.get(1)).matches("login-1\\s+UP\\s+3\\s+0\\.25\\s+ssh ok");
        assertThat(lines.get(2)).matches("login-2\\s+DOWN\\s+0\\s+-\\s+connection refused");
        assertThat(err.toString()).isEmpty();
    }

    @Test
    void theAdminOptionMayFollowTheSubcommand() {
        assertThat(run("backends", "--admin", admin())).isZero();
        assertThat(out.toString()).contains("login-1").contains("login-2");
    }

    @Test
    void drainPrintsAConfirmationAndTheGatewayDrains() {
        assertThat(run("--admin", admin(), "drain", "login-1")).isZero();
        assertThat(out.toString()).startsWith("drained login-1");
        assertThat(ops.calls).containsExactly("drain login-1");
        assertThat(ops.backends.get("login-1").drained()).isTrue();

        assertThat(run("--admin", admin(), "undrain", "login-1")).isZero();
        assertThat(out.toString()).contains("undrained login-1");
        assertThat(ops.backends.get("login-1").drained()).isFalse();
    }

    @Test
    void drainingAnUnknownBackendExitsOneWithTheGatewaysError() {
        assertThat(run("--admin", admin(), "drain", "login-9")).isEqualTo(1);
        assertThat(err.toString().trim()).isEqualTo("jumpgate: no backend named login-9");
        assertThat(out.toString()).isEmpty();
    }

    @Test
    void sessionsPrintsATableAndKillClosesOne() {
        assertThat(run("--admin", admin(), "sessions")).isZero();
        List<String> lines = out.toString().lines().toList();
        assertThat(lines.get(0)).matches("ID\\s+USER\\s+SOURCE\\s+BACKEND\\s+STARTED\\s+CHANNELS\\s+GATEWAY");
        assertThat(lines.get(1)).matches("s-1\\s+alice\\s+192\\.0\\.2\\.7:50022\\s+login-1\\s+\\S+\\s+2\\s+-");
        assertThat(lines.get(2)).matches("s-2\\s+-\\s+192\\.0\\.2\\.8:40000\\s+-\\s+\\S+\\s+0\\s+-");

        assertThat(run("--admin", admin(), "kill", "s-1")).isZero();
        assertThat(out.toString()).contains("killed session s-1");
        assertThat(ops.sessions).doesNotContainKey("s-1");
        assertThat(run("--admin", admin(), "kill", "s-1")).isEqualTo(1);
        assertThat(err.toString()).contains("jumpgate: no session with id s-1");
    }

    @Test
    void killPassesTheReasonOn() {
        assertThat(run("--admin", admin(), "kill", "s-2", "--reason", "login-1 reboots & comes back at 14:00")).isZero();
        assertThat(ops.calls).contains("kill s-2 (login-1 reboots & comes back at 14:00)");
    }

    @Test
    void aRefusedReloadPrintsEveryErrorAndExitsOne() {
        ops.nextReload = new AdminOps.ReloadResult(false, List.of("listen: 'x' has no port", "backends: missing"));
        assertThat(run("--admin", admin(), "reload")).isEqualTo(1);
        assertThat(err.toString()).contains("2 errors").contains("  listen: 'x' has no port")
                .contains("  backends: missing");

        ops.nextReload = new AdminOps.ReloadResult(true, List.of());
        assertThat(run("--admin", admin(), "reload")).isZero();
        assertThat(out.toString()).contains("reloaded");
    }

    @Test
    void anUnreachableGatewayExitsOneWithAClearMessage() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        assertThat(run("--admin", "127.0.0.1:" + port, "backends")).isEqualTo(1);
        assertThat(err.toString().trim()).isEqualTo("jumpgate: cannot reach the admin API at 127.0.0.1:" + port
                + " (connection refused); is jumpgate running?");
        assertThat(err.toString()).doesNotContain("Exception").doesNotContain("\tat ");
        assertThat(out.toString()).isEmpty();
    }

    @Test
    void theAddressComesFromTheConfigsAdminListen() throws Exception {
        Path cfg = dir.resolve("jumpgate.yaml");
        Files.writeString(cfg, "listen: \"0.0.0.0:2222\"\nadmin:\n  listen: \"" + admin() + "\"\n");
        assertThat(run("--config", cfg.toString(), "backends")).isZero();
        assertThat(out.toString()).contains("login-1");
    }

    @Test
    void aConfigListeningOnEveryAddressIsReachedOnLoopback() throws Exception {
        Path cfg = dir.resolve("jumpgate.yaml");
        Files.writeString(cfg, "admin:\n  listen: \"0.0.0.0:" + server.port() + "\"\n");
        assertThat(run("--config", cfg.toString(), "drain", "login-2")).isZero();
        assertThat(ops.calls).containsExactly("drain login-2");
    }

    @Test
    void anExplicitAdminOptionWinsOverTheConfig() throws Exception {
        Path cfg = dir.resolve("jumpgate.yaml");
        Files.writeString(cfg, "admin:\n  listen: \"127.0.0.1:1\"\n");
        assertThat(run("--config", cfg.toString(), "--admin", admin(), "backends")).isZero();
        assertThat(out.toString()).contains("login-1");
    }

    @Test
    void aConfigWithoutAdminListenMeansTheDefaultAddress() throws Exception {
        Path cfg = dir.resolve("jumpgate.yaml");
        Files.writeString(cfg, "listen: \"0.0.0.0:2222\"\n");
        run("--config", cfg.toString(), "--timeout", "2s", "backends");
        // Whatever listens there (nothing, in a test), it was asked at the default address.
        assertThat(err.toString() + out.toString()).satisfiesAnyOf(
                s -> assertThat(s).contains("admin API at " + AdminCommand.DEFAULT_ADMIN),
                s -> assertThat(s).contains("NAME"));
    }

    @Test
    void badUsageExitsTwo() throws Exception {
        assertThat(run("--admin", admin())).isEqualTo(2);
        assertThat(err.toString()).contains("a subcommand is required");
        assertThat(run("--admin", admin(), "drain")).isEqualTo(2);
        assertThat(run("--admin", "nonsense", "backends")).isEqualTo(2);
        assertThat(err.toString()).contains("--admin: 'nonsense' has no port");
        assertThat(run("--config", dir.resolve("missing.yaml").toString(), "backends")).isEqualTo(2);
        assertThat(err.toString()).contains("cannot read");
        assertThat(ops.calls).isEmpty();
    }

    private static final String TOKEN = "3f9c1d5e7a2b4c6d8e0f1a3b5c7d9e1f";

    /** The test's server again, now asking for {@link #TOKEN}, which {@code admin.token} in the temp dir holds. */
    private Path withToken(String mode) throws Exception {
        Path file = Files.writeString(dir.resolve("admin.token"), TOKEN + "\n");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        server.close();
        server = AdminServer.start(new HostPort("127.0.0.1", 0), ops, registry, false,
                AdminToken.read(file, "admin.tokenFile"));
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString(mode));
        return file;
    }

    @Test
    void withAConfigNamingATokenFileTheCliSendsTheToken() throws Exception {
        withToken("rw-------");
        Path cfg = dir.resolve("jumpgate.yaml");
        Files.writeString(cfg, "admin:\n  listen: \"" + admin() + "\"\n  tokenFile: admin.token\n");
        assertThat(run("--config", cfg.toString(), "drain", "login-1")).isZero();
        assertThat(out.toString()).startsWith("drained login-1");
        assertThat(ops.backends.get("login-1").drained()).isTrue();
        assertThat(run("--config", cfg.toString(), "backends")).isZero();
        assertThat(err.toString()).isEmpty();
    }

    @Test
    void theTokenFileOptionGoesWithAnAdminAddress() throws Exception {
        Path file = withToken("r--------");
        assertThat(run("--admin", admin(), "--token-file", file.toString(), "sessions")).isZero();
        assertThat(out.toString()).contains("alice");
    }

    @Test
    void withoutTheTokenTheCliExitsOneSayingHowToGiveIt() throws Exception {
        withToken("rw-------");
        assertThat(run("--admin", admin(), "drain", "login-1")).isEqualTo(1);
        assertThat(err.toString().trim()).isEqualTo("jumpgate: admin API: this request needs Authorization: Bearer"
                + " TOKEN, the token of admin.tokenFile; give --config FILE (its admin.tokenFile) or --token-file FILE");
        assertThat(ops.backends.get("login-1").drained()).isFalse();
    }

    @Test
    void aWrongTokenSaysWhichFileItCameFrom() throws Exception {
        withToken("rw-------");
        Path wrong = Files.writeString(dir.resolve("wrong.token"), "0".repeat(32));
        Files.setPosixFilePermissions(wrong, PosixFilePermissions.fromString("rw-------"));
        assertThat(run("--admin", admin(), "--token-file", wrong.toString(), "backends")).isEqualTo(1);
        assertThat(err.toString().trim()).isEqualTo("jumpgate: admin API: wrong bearer token (sent the token of"
                + " --token-file " + wrong + ")");
    }

    @Test
    void aTokenFileOthersCanReadIsAUsageErrorNamingItsMode() throws Exception {
        Path file = withToken("rw-r--r--");
        assertThat(run("--admin", admin(), "--token-file", file.toString(), "backends")).isEqualTo(2);
        assertThat(err.toString()).contains("--token-file: " + file + " has mode 0644 (rw-r--r--), expected 0600")
                .doesNotContain("Exception");
        Path cfg = Files.writeString(dir.resolve("jumpgate.yaml"),
                "admin:\n  listen: \"" + admin() + "\"\n  tokenFile: " + file + "\n");
        assertThat(run("--config", cfg.toString(), "backends")).isEqualTo(2);
        assertThat(err.toString()).contains("admin.tokenFile: " + file + " has mode 0644");
        assertThat(ops.calls).isEmpty();
    }

    @Test
    void anUnknownAdminKeyInTheConfigIsAUsageError() throws Exception {
        Path cfg = Files.writeString(dir.resolve("jumpgate.yaml"), "admin:\n  listen: \"" + admin()
                + "\"\n  token: x\n");
        assertThat(run("--config", cfg.toString(), "backends")).isEqualTo(2);
        assertThat(err.toString()).contains("admin.token");
    }
}
