package org.jumpgate.jobs;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** slurmrestd played by an in-JVM HTTP server on loopback. */
class RestJobSourceTest {

    private static final String TOKEN = "eyJhbGciOiJIUzI1NiJ9.e30.c2lnbmF0dXJl";

    @TempDir
    Path dir;

    private HttpServer server;
    private final Map<String, String> seen = new ConcurrentHashMap<>();
    private volatile int status = 200;
    private volatile byte[] body;
    private final CountDownLatch release = new CountDownLatch(1);
    private volatile boolean hang;

    @BeforeEach
    void startServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", this::answer);
        server.start();
        try (InputStream in = getClass().getResourceAsStream("/jobs/slurmrestd-v0.0.38-jobs.json")) {
            body = in.readAllBytes();
        }
        Files.writeString(dir.resolve("token"), "SLURM_JWT=" + TOKEN + "\n");
    }

    @AfterEach
    void stopServer() {
        release.countDown();
        server.stop(0);
    }

    @Test
    void getsJobsWithUserNameAndTokenHeaders() throws Exception {
        List<RunningJob> jobs = source(base("/"), "v0.0.38", Duration.ofSeconds(5), 1 << 20).fetch();
        assertThat(jobs).extracting(RunningJob::jobId).containsExactly("1", "2", "3_1");
        assertThat(seen).containsEntry("path", "/slurm/v0.0.38/jobs").containsEntry("user", "jumpgate")
                .containsEntry("token", TOKEN).containsEntry("method", "GET");
    }

    @Test
    void noHttp2UpgradeIsOfferedBecauseSlurmrestd2205BreaksOnIt() throws Exception {
        source(base(""), "v0.0.38", Duration.ofSeconds(5), 1 << 20).fetch();
        assertThat(seen).containsEntry("upgrade", "null");
    }

    @Test
    void apiVersionAndUrlPrefixAreConfigurable() throws Exception {
        source(base("/rest/"), "v0.0.39", Duration.ofSeconds(5), 1 << 20).fetch();
        assertThat(seen).containsEntry("path", "/rest/slurm/v0.0.39/jobs");
    }

    @Test
    void errorAnswerIsUnavailableWithSlurmsDescriptionAndNoToken() {
        status = 500;
        body = "{\"errors\":[{\"description\":\"Failed while looking for jobs\"}],\"jobs\":[]}".getBytes(StandardCharsets.UTF_8);
        assertThatThrownBy(() -> source(base(""), "v0.0.38", Duration.ofSeconds(5), 1 << 20).fetch())
                .isInstanceOf(SchedulerUnavailableException.class)
                .hasMessage("slurmrestd answered HTTP 500: Failed while looking for jobs")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain(TOKEN));
    }

    @Test
    void nonJsonErrorAnswerIsUnavailableWithTheStatus() {
        status = 401;
        body = "Authentication failure".getBytes(StandardCharsets.UTF_8);
        assertThatThrownBy(() -> source(base(""), "v0.0.38", Duration.ofSeconds(5), 1 << 20).fetch())
                .hasMessage("slurmrestd answered HTTP 401");
    }

    @Test
    void answerLargerThanTheBoundIsRefused() {
        assertThatThrownBy(() -> source(base(""), "v0.0.38", Duration.ofSeconds(5), 1000).fetch())
                .isInstanceOf(SchedulerUnavailableException.class).hasMessageContaining("answer larger than 1000 bytes");
    }

    @Test
    void slowAnswerTimesOut() {
        hang = true;
        assertThatThrownBy(() -> source(base(""), "v0.0.38", Duration.ofMillis(300), 1 << 20).fetch())
                .isInstanceOf(SchedulerUnavailableException.class).hasMessage("slurmrestd did not answer within 300ms");
    }

    @Test
    void unreachableServerIsUnavailable() {
        server.stop(0);
        assertThatThrownBy(() -> source(base(""), "v0.0.38", Duration.ofSeconds(2), 1 << 20).fetch())
                .isInstanceOf(SchedulerUnavailableException.class).hasMessageStartingWith("cannot read jobs from slurmrestd at http://127.0.0.1:");
    }

    @Test
    void missingOrBrokenTokenFileIsUnavailableWithoutShowingIt() throws IOException {
        Files.delete(dir.resolve("token"));
        assertThatThrownBy(() -> source(base(""), "v0.0.38", Duration.ofSeconds(2), 1 << 20).fetch())
                .hasMessageStartingWith("cannot read token file ").hasMessageEndingWith("NoSuchFileException");
        Files.writeString(dir.resolve("token"), TOKEN + "\nsecond line");
        assertThatThrownBy(() -> source(base(""), "v0.0.38", Duration.ofSeconds(2), 1 << 20).fetch())
                .hasMessageEndingWith("does not hold one JWT").satisfies(e -> assertThat(e.getMessage()).doesNotContain(TOKEN));
        assertThat(seen).isEmpty();
    }

    private RestJobSource source(URI base, String version, Duration timeout, long maxBytes) {
        return new RestJobSource(base, version, "jumpgate", dir.resolve("token"), timeout, maxBytes);
    }

    private URI base(String path) {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + path);
    }

    private void answer(HttpExchange exchange) throws IOException {
        seen.put("method", exchange.getRequestMethod());
        seen.put("path", exchange.getRequestURI().getPath());
        seen.put("user", String.valueOf(exchange.getRequestHeaders().getFirst("X-SLURM-USER-NAME")));
        seen.put("token", String.valueOf(exchange.getRequestHeaders().getFirst("X-SLURM-USER-TOKEN")));
        seen.put("upgrade", String.valueOf(exchange.getRequestHeaders().getFirst("Upgrade")));
        if (hang) {
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        exchange.sendResponseHeaders(status, body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }
}
