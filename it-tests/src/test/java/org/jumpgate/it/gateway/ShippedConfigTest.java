package org.jumpgate.it.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.jumpgate.auth.Accounts;
import org.jumpgate.config.ConfigLoader;
import org.jumpgate.config.GatewayConfig;
import org.junit.jupiter.api.Test;

/** What the distribution ships in etc/ is a configuration the gateway accepts as it is. */
class ShippedConfigTest {

    static final Path ETC = Path.of("..", "deploy", "src", "dist", "etc");

    @Test
    void exampleGatewayConfigParsesWithoutErrors() throws Exception {
        GatewayConfig c = ConfigLoader.load(ETC.resolve("jumpgate.yaml"));
        assertThat(c.backends()).hasSize(4);
        assertThat(c.listeners()).hasSize(5);
        assertThat(c.listeners().stream().filter(l -> l.cpuTarget()).map(l -> l.target())).containsExactly("cpu");
        assertThat(c.cpuJobs()).isNotNull();
        assertThat(c.cpuJobs().target()).isEqualTo("cpu");
        assertThat(c.jobs()).isNotNull();
        assertThat(c.admin().listen().host()).isEqualTo("127.0.0.1");
    }

    @Test
    void exampleAccountsFileParsesWithoutErrors() throws Exception {
        Path copy = Files.createTempFile("accounts", ".yaml");
        try {
            Files.copy(ETC.resolve("accounts.yaml"), copy, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            assertThat(Accounts.load(copy, java.time.Clock.systemUTC())).isNotNull();
        } finally {
            Files.deleteIfExists(copy);
        }
    }
}
