package org.jumpgate.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.jumpgate.config.ConfigLoader;
import org.jumpgate.config.GatewayConfig;
import org.jumpgate.harness.LiveThreads;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Starting and stopping: a failed start leaves nothing running, a stop stops everything, twice is fine. */
class GatewayLifecycleTest {

    @TempDir
    Path dir;

    private GatewayConfig config(String listen) throws Exception {
        Path file = dir.resolve("jumpgate-" + Math.abs(listen.hashCode()) + ".yaml");
        Files.createDirectories(dir.resolve("keys"));
        Files.createDirectories(dir.resolve("totp"));
        Files.writeString(file, "listen: \"" + listen + "\"\n"
                + "dataDir: " + dir.resolve("data") + "\n"
                + "auth:\n  authorizedKeys: " + dir.resolve("keys/%u") + "\n  totpSecrets: " + dir.resolve("totp/%u") + "\n"
                + "admin:\n  listen: \"127.0.0.1:0\"\n"
                + "backends:\n  - name: login-1\n    address: \"127.0.0.1:9\"\n");
        return ConfigLoader.load(file);
    }


    @Test
    void aStartThatCannotListenStopsWhatItHadStarted() throws Exception {
        try (Gateway first = Gateway.builder(config("127.0.0.1:0")).start()) {
            List<String> before = LiveThreads.names();
            GatewayConfig taken = config("127.0.0.1:" + first.port());
            assertThatThrownBy(() -> Gateway.builder(taken).start())
                    .isInstanceOf(IOException.class)
                    .hasMessageContaining("cannot listen on 127.0.0.1:" + first.port());
            await().atMost(Duration.ofSeconds(20)).untilAsserted(() ->
                    assertThat(LiveThreads.names()).isSubsetOf(before).hasSizeLessThanOrEqualTo(before.size()));
        }
    }

    @Test
    void closeStopsEveryPartAndMayBeCalledTwice() throws Exception {
        List<String> before = LiveThreads.names();
        Gateway gateway = Gateway.builder(config("127.0.0.1:0")).start();
        int port = gateway.port();
        int admin = gateway.adminPort();
        gateway.close();
        gateway.close();
        assertThat(gateway.accepting()).isFalse();
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            assertThat(LiveThreads.listening(port)).as("SSH port").isFalse();
            assertThat(LiveThreads.listening(admin)).as("admin port").isFalse();
            assertThat(LiveThreads.names()).isSubsetOf(before);
        });
    }

}
