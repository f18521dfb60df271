package org.jumpgate.admin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.jumpgate.common.ConfigException;
import org.jumpgate.common.HostPort;
import org.jumpgate.config.ConfigLoader;
import org.jumpgate.harness.GatewayHarness;
import org.jumpgate.server.Gateway;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AdminTokenTest {

    private static final String TOKEN = "3f9c1d5e7a2b4c6d8e0f1a3b5c7d9e1f";

    @TempDir
    Path dir;

    private Path file(String content, String mode) throws Exception {
        Path f = dir.resolve("admin.token");
        Files.writeString(f, content);
        Files.setPosixFilePermissions(f, PosixFilePermissions.fromString(mode));
        return f;
    }

    private static String refusal(Path file) {
        try {
            AdminToken.read(file, "admin.tokenFile");
        } catch (ConfigException e) {
            assertThat(e.errors()).hasSize(1);
            return e.errors().get(0);
        }
        throw new AssertionError(file + " was accepted");
    }

    @Test
    void anOwnerOnlyFileGivesItsOneLineAsTheToken() throws Exception {
        AdminToken t = AdminToken.read(file(TOKEN + "\n", "rw-------"), "admin.tokenFile");
        assertThat(t.matches(TOKEN)).isTrue();
        assertThat(t.matches(TOKEN + "x")).isFalse();
        assertThat(t.matches("")).isFalse();
        assertThat(t.authorization()).isEqualTo("Bearer " + TOKEN);
        assertThat(AdminToken.read(file("  " + TOKEN + "\r\n", "r--------"), "admin.tokenFile").matches(TOKEN))
                .isTrue();
    }

    @Test
    void theTokenIsNeverShownByToString() throws Exception {
        assertThat(AdminToken.read(file(TOKEN, "rw-------"), "admin.tokenFile").toString()).doesNotContain(TOKEN);
    }

    @Test
    void aFileGroupOrOthersCanReadIsRefusedNamingFileAndMode() throws Exception {
        Path f = file(TOKEN, "rw-r--r--");
        assertThat(refusal(f)).isEqualTo("admin.tokenFile: " + f + " has mode 0644 (rw-r--r--), expected 0600:"
                + " a token that group or others can read is refused (chmod 600 " + f + ")");
        assertThat(refusal(file(TOKEN, "rw-r-----"))).contains("mode 0640");
        assertThat(refusal(file(TOKEN, "rw----r--"))).contains("mode 0604");
        assertThat(refusal(file(TOKEN, "rw--w----"))).contains("mode 0620");
    }

    @Test
    void anEmptyShortOrMultiLineFileIsRefused() throws Exception {
        Path f = file("\n", "rw-------");
        assertThat(refusal(f)).isEqualTo("admin.tokenFile: " + f + ": empty, expected one line with the token"
                + " (e.g. from openssl rand -hex 32)");
        assertThat(refusal(file("", "rw-------"))).contains("empty");
        assertThat(refusal(file("short", "rw-------"))).contains("5 characters, expected at least 16");
        assertThat(refusal(file(TOKEN + "\n" + TOKEN + "\n", "rw-------"))).contains("not a token");
        assertThat(refusal(file("x".repeat(AdminToken.MAX_FILE_BYTES + 1), "rw-------"))).contains("larger than");
    }

    @Test
    void aMissingFileIsOneLine() {
        Path f = dir.resolve("nope");
        assertThat(refusal(f)).isEqualTo("admin.tokenFile: " + f + ": no such file, expected a file holding a token");
        assertThat(refusal(dir)).startsWith("admin.tokenFile: " + dir).doesNotContain("Exception");
    }

    /** A gateway config whose admin API has {@code admin.token} (in the temp dir) as its token file. */
    private Path gatewayConfig() throws Exception {
        return Files.writeString(dir.resolve("jumpgate.yaml"), "listen: \"127.0.0.1:0\"\n"
                + "dataDir: " + dir.resolve("data") + "\n"
                + "auth:\n  authorizedKeys: " + dir.resolve("keys/%u") + "\n  totpSecrets: " + dir.resolve("totp/%u") + "\n"
                + "backends:\n  - name: login-1\n    address: \"127.0.0.1:1\"\n"
                + "admin:\n  listen: \"127.0.0.1:0\"\n  tokenFile: admin.token\n");
    }

    @Test
    void aGatewayWithATokenFileAsksForItOnItsAdminApi() throws Exception {
        file(TOKEN + "\n", "rw-------");
        try (Gateway gateway = Gateway.builder(ConfigLoader.load(gatewayConfig())).start()) {
            String base = "http://127.0.0.1:" + gateway.adminPort();
            assertThat(Curl.run(base + "/api/backends").status()).isEqualTo(401);
            assertThat(Curl.run(base + "/metrics").status()).isEqualTo(401);
            assertThat(Curl.run(base + "/healthz").status()).isEqualTo(200);
            Curl.Answer backends = Curl.run(base + "/api/backends", "-H", "Authorization: Bearer " + TOKEN);
            assertThat(backends.status()).isEqualTo(200);
            assertThat(backends.body()).contains("\"name\":\"login-1\"");
        }
    }

    @Test
    void aGatewayWithAGroupReadableTokenFileDoesNotStart() throws Exception {
        Path token = file(TOKEN, "rw-r--r--");
        Path config = gatewayConfig();
        assertThatThrownBy(() -> Gateway.builder(ConfigLoader.load(config)).start())
                .isInstanceOf(ConfigException.class)
                .hasMessage("admin.tokenFile: " + token + " has mode 0644 (rw-r--r--), expected 0600:"
                        + " a token that group or others can read is refused (chmod 600 " + token + ")");
        assertThat(dir.resolve("data")).doesNotExist();
    }

    @Test
    void aTokenFileAddedToARunningGatewaysConfigIsRefusedAtReloadAsNeedingARestart() throws Exception {
        try (GatewayHarness gw = GatewayHarness.in(dir.resolve("gw")).node("login-1").start()) {
            Path config = dir.resolve("gw/jumpgate.yaml");
            Path token = file(TOKEN, "rw-------");
            Files.writeString(config, Files.readString(config).replace("admin:\n  listen: \"127.0.0.1:0\"\n",
                    "admin:\n  listen: \"127.0.0.1:0\"\n  tokenFile: " + token + "\n"));
            AdminOps.ReloadResult r = gw.gateway().reload();
            assertThat(r.applied()).isFalse();
            assertThat(r.errors()).containsExactly(
                    "admin: changed, needs a restart (the token file is read at start)");
            // still served without a token, as started
            AdminClient client = new AdminClient(new HostPort("127.0.0.1", gw.gateway().adminPort()),
                    AdminClient.DEFAULT_TIMEOUT);
            assertThat(client.get("/api/backends").status()).isEqualTo(200);
        }
    }
}
