package org.jumpgate.harness;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.RecordComponent;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.jumpgate.admin.AdminOps.ReloadResult;
import org.jumpgate.config.GatewayConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A reload tells the truth: for every section of the config, a change is either applied (the
 * login nodes) or the whole reload is refused naming the key, and nothing of it runs.
 */
@Timeout(120)
class ReloadKeysTest {

    @TempDir
    Path dir;

    /** One change per config section (each a component of {@link GatewayConfig}), as the key an operator reads. */
    private Map<String, UnaryOperator<String>> changes() throws Exception {
        Path jobs = Files.writeString(dir.resolve("jobs.yaml"), "alice: [cn-a001]\n");
        Map<String, UnaryOperator<String>> m = new LinkedHashMap<>();
        m.put("listen", y -> y.replaceFirst("^listen: \"127\\.0\\.0\\.1:0\"", "listen: \"127.0.0.2:0\""));
        m.put("dataDir", y -> y.replaceFirst("dataDir: (.*)\n", "dataDir: $1-other\n"));
        m.put("auth", y -> y.replace("auth:\n", "auth:\n  rememberSecondFactor: 1h\n"));
        m.put("backendLink", y -> y.replace("connectTimeout: 5s", "connectTimeout: 6s"));
        m.put("audit.file", y -> y + "audit:\n  file: " + dir.resolve("audit.log") + "\n");
        m.put("balancer", y -> y + "balancer:\n  rise: 3\n");
        m.put("listeners", y -> y + "listeners:\n  - listen: \"127.0.0.1:0\"\n    backend: login-1\n");
        m.put("admin", y -> y.replace("admin:\n  listen: \"127.0.0.1:0\"", "admin:\n  listen: \"127.0.0.2:0\""));
        m.put("compute", y -> y + "compute:\n  pattern: \"node-*\"\n");
        m.put("jobs", y -> y + "jobs:\n  source: file\n  file: " + jobs + "\n");
        m.put("proxyProtocol.from", y -> y + "proxyProtocol:\n  from: [\"10.0.0.5/32\"]\n");
        m.put("limits", y -> y.replace("limits:\n", "limits:\n  maxAuthTries: 5\n"));
        m.put("cluster", y -> y + "cluster:\n  zookeeper: \"127.0.0.1:2181\"\n");
        return m;
    }

    @Test
    void everyKeyButTheLoginNodesIsRefusedByNameAndNothingOfItRuns() throws Exception {
        try (GatewayHarness gw = GatewayHarness.in(dir).node("login-1").start()) {
            Path file = gw.configFile();
            String original = Files.readString(file);
            Map<String, UnaryOperator<String>> changes = changes();
            for (var e : changes.entrySet()) {
                String changed = e.getValue().apply(original);
                assertThat(changed).as(e.getKey() + " changes the file").isNotEqualTo(original);
                Files.writeString(file, changed);
                ReloadResult r = gw.gateway().reload();
                assertThat(r.applied()).as(e.getKey()).isFalse();
                // (a section read from another, as backendLink's known_hosts from dataDir, is named too)
                assertThat(r.errors()).as(e.getKey()).first().asString()
                        .startsWith(e.getKey() + ": changed, needs a restart");
            }
            Files.writeString(file, original);
            assertThat(gw.gateway().reload().applied()).as("the file as it was").isTrue();
            assertThat(gw.gateway().address().getAddress().getHostAddress()).isEqualTo("127.0.0.1");

            // the login nodes apply live
            Files.writeString(file, original.replaceFirst("(  - name: login-1\n    address: \"[^\"]+\"\n)",
                    "$1    weight: 7\n"));
            assertThat(gw.gateway().reload().applied()).isTrue();
            assertThat(gw.gateway().balancer().backends()).singleElement()
                    .satisfies(b -> assertThat(b.weight()).isEqualTo(7));

            // every section of the config is in the list above, or applies live
            String[] sections = Arrays.stream(GatewayConfig.class.getRecordComponents()).map(RecordComponent::getName)
                    .filter(n -> !n.equals("backends")).map(n -> switch (n) {
                        case "auditLog" -> "audit.file";
                        case "proxyFrom" -> "proxyProtocol.from";
                        default -> n;
                    }).toArray(String[]::new);
            assertThat(changes.keySet()).containsExactlyInAnyOrder(sections);
        }
    }
}
