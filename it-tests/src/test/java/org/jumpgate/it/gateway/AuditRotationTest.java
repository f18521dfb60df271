package org.jumpgate.it.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;
import org.jumpgate.config.ConfigLoader;
import org.jumpgate.it.fixture.ControlMaster;
import org.jumpgate.it.fixture.OpenSsh;
import org.jumpgate.it.fixture.Processes;
import org.jumpgate.it.fixture.Requirements;
import org.jumpgate.it.fixture.Result;
import org.jumpgate.it.fixture.TestUser;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The shipped {@code logrotate/jumpgate} file, run by the real {@code logrotate -f} twice while
 * OpenSSH sessions are logging: the audit lines of every session are in the rotated files or the
 * new one, each exactly once. Only the path, the owner and the postrotate command are the test's:
 * postrotate sends SIGHUP to this JVM, where the gateway runs and handles it as {@code serve} does
 * ({@code Gateway.reloadOnHangup}), as {@code systemctl reload} would send it to the service.
 */
class AuditRotationTest {

    static final Path SHIPPED = Path.of("..", "deploy", "src", "dist", "logrotate", "jumpgate");
    static final String LOGROTATE = "/usr/sbin/logrotate";
    private static final ObjectMapper JSON = new ObjectMapper();

    static GatewayFixture gw;
    static TestUser erin;
    static OpenSsh client;

    @TempDir
    Path tmp;

    @BeforeAll
    static void start() throws Exception {
        Requirements.assumeProgram(LOGROTATE);
        gw = GatewayFixture.start("login-1");
        erin = gw.user("erin");
        client = gw.client(erin);
        gw.gateway().reloadOnHangup();
    }

    @AfterAll
    static void stop() {
        if (gw != null) {
            gw.close();
        }
    }

    /** The shipped config, for this test's audit file, owner and process. */
    private Path logrotateConfig(Path audit) throws IOException {
        String shipped = Files.readString(SHIPPED);
        assertThat(shipped).contains("/var/log/jumpgate/audit.log {", "su jumpgate jumpgate",
                "create 0640 jumpgate jumpgate", "systemctl reload jumpgate.service");
        String config = shipped.replace("/var/log/jumpgate/audit.log", audit.toString())
                .replace("jumpgate jumpgate", "root root")
                .replaceAll("(?m)^(\\s+)if systemctl .*$", "$1kill -HUP " + ProcessHandle.current().pid());
        Path file = tmp.resolve("logrotate.conf");
        Files.writeString(file, config);
        return file;
    }

    private void logrotate(Path config) {
        Result r = Processes.run(List.of(LOGROTATE, "-f", "-s", tmp.resolve("state").toString(), config.toString()),
                Map.of(), null, Duration.ofSeconds(30));
        assertThat(r.ok()).as("logrotate: %s", r).isTrue();
    }

    private static long sessionEnds(Path file) throws IOException {
        if (!Files.exists(file)) {
            return 0;
        }
        try (Stream<String> lines = Files.lines(file)) {
            return lines.filter(l -> l.contains("\"event\":\"session.end\"")).count();
        }
    }

    private static List<String> lines(Path file) throws IOException {
        try (InputStream in = file.toString().endsWith(".gz") ? new GZIPInputStream(Files.newInputStream(file))
                : Files.newInputStream(file)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().toList();
        }
    }

    @Test
    void theShippedFileRotatesTheExampleConfigsAuditFile() throws Exception {
        Path audit = ConfigLoader.load(ShippedConfigTest.ETC.resolve("jumpgate.yaml")).auditLog();
        assertThat(audit).isEqualTo(Path.of("/var/log/jumpgate/audit.log"));
        assertThat(Files.readString(SHIPPED)).contains(audit + " {");
    }

    @Test
    void rotatedTwiceWhileSessionsLogNoAuditLineIsLostOrWrittenTwice() throws Exception {
        Path audit = gw.dir().resolve("audit.log");
        Path config = logrotateConfig(audit);
        int threads = 3;
        AtomicBoolean rotated = new AtomicBoolean();
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try (ControlMaster master = client.withCode(gw.nextCode(erin)).startControlMaster("mila")) {
            List<Future<Integer>> sessions = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int thread = t;
                sessions.add(pool.submit(() -> {
                    int done = 0;
                    // at least a few sessions each, and on until both rotations are over
                    while (done < 5 || !rotated.get()) {
                        Result r = master.ssh("mila", "echo " + thread + "-" + done);
                        assertThat(r.ok()).as("%s", r).isTrue();
                        done++;
                    }
                    return done;
                }));
            }
            await().atMost(Duration.ofSeconds(60)).until(() -> sessionEnds(audit) >= 5);
            logrotate(config); // audit.log -> audit.log.1, a new audit.log, SIGHUP
            await().atMost(Duration.ofSeconds(60)).until(() -> sessionEnds(audit) >= 5); // the reopened file
            logrotate(config); // audit.log.1 -> audit.log.2.gz, audit.log -> audit.log.1
            await().atMost(Duration.ofSeconds(60)).until(() -> sessionEnds(audit) >= 5);
            rotated.set(true);
            int made = 0;
            for (Future<Integer> f : sessions) {
                made += f.get(2, TimeUnit.MINUTES);
            }

            List<Path> files = List.of(audit.resolveSibling("audit.log.2.gz"), audit.resolveSibling("audit.log.1"),
                    audit);
            Map<String, Integer> seen = new HashMap<>();
            for (Path file : files) {
                List<String> lines = lines(file);
                assertThat(lines).as("%s has lines", file).isNotEmpty();
                for (String line : lines) {
                    JsonNode event = JSON.readTree(line); // whole lines only
                    String name = event.get("event").asText();
                    if (name.equals("session.start") || name.equals("session.end")) {
                        seen.merge(name + " " + event.get("session").asText() + "/" + event.get("channel").asLong(),
                                1, Integer::sum);
                    }
                }
            }
            assertThat(seen.values()).as("every session event once").containsOnly(1);
            assertThat(seen.keySet().stream().filter(k -> k.startsWith("session.end "))).hasSize(made);
            assertThat(seen.keySet().stream().filter(k -> k.startsWith("session.start "))).hasSize(made);
            assertThat(Files.exists(audit.resolveSibling("audit.log.1.gz"))).as("delaycompress").isFalse();
        } finally {
            pool.shutdownNow();
        }
    }
}
