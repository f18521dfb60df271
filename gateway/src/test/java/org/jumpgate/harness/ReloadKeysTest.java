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
        m.put("limits", y -> y.replace("limits:\n", "limits:\n  maxAuthTries: 5\n"));
        m.put("cluster", y -> y + "cluster:\n  zookeeper: \"127.0.0.1:2181\"\n");
        // cpuJobs needs jobs: both change, and both are named
        m.put("cpuJobs", y -> y + "jobs:\n  source: file\n  file: " + jobs + "\ncpuJobs: {}\n");
        return m;
    }

    /** What the gateway answered a PROXY header and silence from 127.0.0.1 within a second; null while it holds on. */
    private static String proxied(GatewayHarness gw) throws Exception {
        try (java.net.Socket s = new java.net.Socket()) {
            s.connect(gw.gateway().address(), 5000);
            s.getOutputStream().write("PROXY TCP4 192.0.2.9 127.0.0.1 40000 2222\r\n"
                    .getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            s.setSoTimeout(1000);
            try {
                return new String(s.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.ISO_8859_1);
            } catch (java.net.SocketTimeoutException e) {
                return null;
            } catch (java.io.IOException e) {
                return "reset";
            }
        }
    }

    @Test
    void everyKeyButTheLoginNodesAndBalancersIsRefusedByNameAndNothingOfItRuns() throws Exception {
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
                assertThat(r.errors()).as(e.getKey())
                        .anySatisfy(line -> assertThat(line).startsWith(e.getKey() + ": changed, needs a restart"));
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

            // the PROXY-protocol balancers apply live: a header from 127.0.0.1 is refused as a bad
            // identification before, and read after (the silent client is then held)
            Files.writeString(file, original);
            assertThat(gw.gateway().reload().applied()).isTrue();
            assertThat(proxied(gw)).as("before").isNotNull();
            Files.writeString(file, original + "proxyProtocol:\n  from: [\"127.0.0.1/32\"]\n");
            assertThat(gw.gateway().reload().applied()).isTrue();
            assertThat(proxied(gw)).as("after the reload").isNull();

            // every section of the config is in the list above, or applies live
            String[] sections = Arrays.stream(GatewayConfig.class.getRecordComponents()).map(RecordComponent::getName)
                    .filter(n -> !n.equals("backends") && !n.equals("proxyFrom")).map(n -> switch (n) {
                        case "auditLog" -> "audit.file";
                        default -> n;
                    }).toArray(String[]::new);
            assertThat(changes.keySet()).containsExactlyInAnyOrder(sections);
        }
    }
}
