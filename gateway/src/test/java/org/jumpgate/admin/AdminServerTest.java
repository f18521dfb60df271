package org.jumpgate.admin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.jumpgate.common.HostPort;
import org.jumpgate.testing.LogCapture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AdminServerTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(10);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final FakeAdminOps ops = new FakeAdminOps();
    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(TIMEOUT).build();
    private AdminServer server;
    private AdminServer other;

    @BeforeEach
    void start() throws Exception {
        server = AdminServer.start(new HostPort("127.0.0.1", 0), ops, registry);
    }

    @AfterEach
    void stop() {
        server.close();
        if (other != null) {
            other.close();
        }
        registry.close();
    }

    /** As a JSON tool calls it: anything but GET says it sends JSON. */
    private HttpResponse<String> send(String method, String path, HttpRequest.BodyPublisher body) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path))
                .timeout(TIMEOUT).method(method, body);
        if (!method.equals("GET")) {
            request.header("Content-Type", "application/json");
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> send(String method, String path) throws Exception {
        return send(method, path, HttpRequest.BodyPublishers.noBody());
    }

    /** The JSON body, after checking that it says it is JSON. */
    private static JsonNode json(HttpResponse<String> response) throws Exception {
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/json");
        return JSON.readTree(response.body());
    }

    @Test
    void healthzAnswersOkWhileServing() throws Exception {
        HttpResponse<String> r = send("GET", "/healthz");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.body()).isEqualTo("ok");
    }

    @Test
    void readyzFollowsTheGatewaysReadiness() throws Exception {
        assertThat(send("GET", "/readyz")).satisfies(r -> {
            assertThat(r.statusCode()).isEqualTo(200);
            assertThat(r.body()).isEqualTo("ready");
        });
        ops.ready = false;
        assertThat(send("GET", "/readyz")).satisfies(r -> {
            assertThat(r.statusCode()).isEqualTo(503);
            assertThat(r.body()).isEqualTo("not ready");
        });
    }

    @Test
    void metricsServePrometheusTextWithTheRegistrysCounters() throws Exception {
        registry.counter("jumpgate.test.logins", "result", "ok").increment(3);
        HttpResponse<String> r = send("GET", "/metrics");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("Content-Type"))
                .hasValueSatisfying(ct -> assertThat(ct).startsWith("text/plain"));
        assertThat(r.body()).contains("# TYPE jumpgate_test_logins_total counter")
                .contains("jumpgate_test_logins_total{result=\"ok\"} 3.0");
    }

    @Test
    void backendsAreAJsonArrayWithEveryField() throws Exception {
        HttpResponse<String> r = send("GET", "/api/backends");
        assertThat(r.statusCode()).isEqualTo(200);
        JsonNode all = json(r);
        assertThat(all.isArray()).isTrue();
        assertThat(all).hasSize(2);
        JsonNode up = all.get(0);
        assertThat(up.get("name").asText()).isEqualTo("login-1");
        assertThat(up.get("address").asText()).isEqualTo("10.0.0.11:22");
        assertThat(up.get("state").asText()).isEqualTo("UP");
        assertThat(up.get("loadPerCpu").asDouble()).isEqualTo(0.25);
        assertThat(up.get("cpus").asInt()).isEqualTo(8);
        assertThat(up.get("sessions").asInt()).isEqualTo(3);
        assertThat(up.get("checkedAt").asText()).isEqualTo("2026-11-02T10:15:30Z");
        JsonNode down = all.get(1);
        assertThat(down.get("state").asText()).isEqualTo("DOWN");
        assertThat(down.get("reason").asText()).isEqualTo("connection refused");
        assertThat(down.get("loadPerCpu").isNull()).isTrue();
        assertThat(down.get("checkedAt").isNull()).isTrue();
    }

    @Test
    void drainingABackendAnswersItsNewStateAndTheGatewayDrainsIt() throws Exception {
        HttpResponse<String> r = send("POST", "/api/backends/login-1/drain");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(json(r).get("state").asText()).isEqualTo("DRAIN");
        assertThat(json(r).get("drained").asBoolean()).isTrue();
        assertThat(ops.calls).containsExactly("drain login-1");

        HttpResponse<String> back = send("POST", "/api/backends/login-1/undrain");
        assertThat(back.statusCode()).isEqualTo(200);
        assertThat(json(back).get("state").asText()).isEqualTo("UP");
        assertThat(ops.calls).containsExactly("drain login-1", "undrain login-1");
    }

    @Test
    void drainingAnUnknownBackendIs404() throws Exception {
        HttpResponse<String> r = send("POST", "/api/backends/login-9/drain");
        assertThat(r.statusCode()).isEqualTo(404);
        assertThat(json(r).get("error").asText()).isEqualTo("no backend named login-9");
        assertThat(send("POST", "/api/backends/login-9/undrain").statusCode()).isEqualTo(404);
    }

    @Test
    void backendNamesArePercentDecoded() throws Exception {
        HttpResponse<String> r = send("POST", "/api/backends/login%2B1%20x/drain");
        assertThat(r.statusCode()).isEqualTo(404);
        assertThat(json(r).get("error").asText()).isEqualTo("no backend named login+1 x");
    }

    @Test
    void sessionsAreAJsonArray() throws Exception {
        HttpResponse<String> r = send("GET", "/api/sessions");
        assertThat(r.statusCode()).isEqualTo(200);
        JsonNode all = json(r);
        assertThat(all).hasSize(2);
        assertThat(all.get(0).get("id").asText()).isEqualTo("s-1");
        assertThat(all.get(0).get("user").asText()).isEqualTo("alice");
        assertThat(all.get(0).get("channels").asInt()).isEqualTo(2);
        assertThat(all.get(1).get("user").isNull()).isTrue();
    }

    @Test
    void aSessionIsKilledByDeleteOrByPostKill() throws Exception {
        HttpResponse<String> deleted = send("DELETE", "/api/sessions/s-1");
        assertThat(deleted.statusCode()).isEqualTo(200);
        assertThat(json(deleted).get("killed").asText()).isEqualTo("s-1");
        assertThat(send("POST", "/api/sessions/s-2/kill").statusCode()).isEqualTo(200);
        assertThat(ops.calls).containsExactly("kill s-1", "kill s-2");
        assertThat(ops.sessions).isEmpty();
    }

    @Test
    void aKillCarriesTheAdministratorsReason() throws Exception {
        assertThat(send("DELETE", "/api/sessions/s-1?reason=node%20reboot+at+noon").statusCode()).isEqualTo(200);
        assertThat(send("POST", "/api/sessions/s-2/kill?reason=").statusCode()).isEqualTo(200);
        assertThat(ops.calls).containsExactly("kill s-1 (node reboot at noon)", "kill s-2");
    }

    @Test
    void anOverlongKillReasonIsRefusedWithTheLimit() throws Exception {
        HttpResponse<String> r = send("DELETE", "/api/sessions/s-1?reason=" + "x".repeat(201));
        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(json(r).get("error").asText()).isEqualTo("reason: 201 characters, expected at most 200");
        assertThat(ops.calls).isEmpty();
    }

    @Test
    void killingAnUnknownSessionIs404() throws Exception {
        HttpResponse<String> r = send("DELETE", "/api/sessions/nope");
        assertThat(r.statusCode()).isEqualTo(404);
        assertThat(json(r).get("error").asText()).isEqualTo("no session with id nope");
        assertThat(send("POST", "/api/sessions/nope/kill").statusCode()).isEqualTo(404);
    }

    @Test
    void anAppliedReloadIs200() throws Exception {
        HttpResponse<String> r = send("POST", "/api/reload");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.body()).isEqualTo("{\"applied\":true}");
        assertThat(ops.calls).containsExactly("reload");
    }

    @Test
    void aRefusedReloadIs409WithEveryError() throws Exception {
        ops.nextReload = new AdminOps.ReloadResult(false, List.of("listen: 'x' has no port", "backends: missing"));
        HttpResponse<String> r = send("POST", "/api/reload");
        assertThat(r.statusCode()).isEqualTo(409);
        JsonNode body = json(r);
        assertThat(body.get("applied").asBoolean()).isFalse();
        assertThat(body.get("errors")).extracting(JsonNode::asText)
                .containsExactly("listen: 'x' has no port", "backends: missing");
    }

    @Test
    void aWrongMethodIs405WithAllow() throws Exception {
        HttpResponse<String> r = send("GET", "/api/reload");
        assertThat(r.statusCode()).isEqualTo(405);
        assertThat(r.headers().firstValue("Allow")).hasValue("POST");
        assertThat(json(r).get("error").asText()).contains("GET").contains("/api/reload");

        HttpResponse<String> put = send("PUT", "/api/sessions/s-1");
        assertThat(put.statusCode()).isEqualTo(405);
        assertThat(put.headers().firstValue("Allow")).hasValue("DELETE");
        assertThat(ops.calls).isEmpty();
    }

    @Test
    void anUnknownPathIs404Json() throws Exception {
        for (String path : List.of("/", "/api", "/api/backends/", "/api/backends/login-1", "/metrics/x")) {
            HttpResponse<String> r = send("GET", path);
            assertThat(r.statusCode()).as(path).isEqualTo(404);
            assertThat(json(r).get("error").asText()).isEqualTo("no such path: " + path);
        }
    }

    @Test
    void anOversizeBodyIsRefusedWith413AndNotActedOn() throws Exception {
        byte[] big = new byte[JdkAdminServer.MAX_REQUEST_BODY_BYTES * 2];
        HttpResponse<String> r = send("POST", "/api/reload", HttpRequest.BodyPublishers.ofByteArray(big));
        assertThat(r.statusCode()).isEqualTo(413);
        assertThat(json(r).get("error").asText()).contains("too large");
        assertThat(ops.calls).isEmpty();
    }

    @Test
    void anOversizeChunkedBodyIsRefusedToo() throws Exception {
        byte[] big = new byte[JdkAdminServer.MAX_REQUEST_BODY_BYTES + 1];
        HttpResponse<String> r = send("POST", "/api/reload",
                HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(big)));
        assertThat(r.statusCode()).isEqualTo(413);
        assertThat(ops.calls).isEmpty();
    }

    @Test
    void aSmallBodyIsIgnored() throws Exception {
        HttpResponse<String> r = send("POST", "/api/reload", HttpRequest.BodyPublishers.ofString("{}"));
        assertThat(r.statusCode()).isEqualTo(200);
    }

    @Test
    void aFailingGatewayIs500JsonWithoutAStackTrace() throws Exception {
        ops.failBackendsWith(() -> new IllegalStateException("balancer is gone"));
        HttpResponse<String> r = send("GET", "/api/backends");
        assertThat(r.statusCode()).isEqualTo(500);
        assertThat(json(r).get("error").asText()).contains("balancer is gone");
        assertThat(r.body()).doesNotContain("\tat ").doesNotContain("at org.jumpgate");
    }

    @Test
    void aSlowOperationDoesNotStopOtherRequests() throws Exception {
        CountDownLatch entered = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        ops.beforeBackends = () -> {
            entered.countDown();
            try {
                release.await(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        };
        HttpRequest slow = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + "/api/backends"))
                .timeout(TIMEOUT).build();
        CompletableFuture<HttpResponse<String>> pending = http.sendAsync(slow, HttpResponse.BodyHandlers.ofString());
        assertThat(entered.await(TIMEOUT.toSeconds(), TimeUnit.SECONDS)).isTrue();

        assertThat(send("GET", "/healthz").statusCode()).isEqualTo(200);
        assertThat(pending).isNotDone();

        release.countDown();
        assertThat(pending.get(TIMEOUT.toSeconds(), TimeUnit.SECONDS).statusCode()).isEqualTo(200);
    }

    @Test
    void aNonLoopbackAddressIsRefusedUnlessRemoteIsAllowed() throws Exception {
        HostPort any = new HostPort("0.0.0.0", 0);
        assertThatThrownBy(() -> AdminServer.start(any, ops, registry))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("0.0.0.0:0")
                .hasMessageContaining("not a loopback address");

        other = AdminServer.start(any, ops, registry, true);
        assertThat(other.port()).isPositive();
    }

    @Test
    void closeIsIdempotentAndStopsListening() throws Exception {
        int port = server.port();
        server.close();
        server.close();
        AdminClient client = new AdminClient(new HostPort("127.0.0.1", port), TIMEOUT);
        assertThatThrownBy(() -> client.get("/healthz"))
                .isInstanceOf(AdminUnreachableException.class)
                .hasMessageContaining("connection refused");
    }

    // What a web page in a browser on the gateway's host could send, replayed with the real curl.

    private String url(AdminServer s, String path) {
        return "http://127.0.0.1:" + s.port() + path;
    }

    private String url(String path) {
        return url(server, path);
    }

    private boolean drained(String name) {
        return ops.backends.get(name).drained();
    }

    @Test
    void aForeignHostIsRefusedWith421AndTheBackendIsNotDrained() throws Exception {
        try (LogCapture log = LogCapture.of(JdkAdminServer.class.getName())) {
            Curl.Answer drain = Curl.run(url("/api/backends/login-1/drain"), "-X", "POST",
                    "-H", "Host: evil.example", "-H", "Content-Type: application/json");
            assertThat(drain.status()).isEqualTo(421);
            assertThat(drain.body()).startsWith("admin API: Host 'evil.example' refused").endsWith("\n")
                    .hasLineCount(1);
            // a rebound name cannot read either
            Curl.Answer read = Curl.run(url("/api/sessions"), "-H", "Host: evil.example:" + server.port());
            assertThat(read.status()).isEqualTo(421);
            assertThat(read.body()).doesNotContain("alice");
            assertThat(log.messages()).hasSize(2).allSatisfy(m -> assertThat(m).startsWith("admin API: refused")
                    .contains("evil.example").contains("421").doesNotContain("\n"));
        }
        assertThat(ops.calls).isEmpty();
        assertThat(drained("login-1")).isFalse();
    }

    @Test
    void loopbackHostsAreServedOnAnyPortAndSoIsARequestWithoutHost() throws Exception {
        for (String host : List.of("127.0.0.1:" + server.port(), "localhost", "LOCALHOST:8080", "[::1]:9122",
                "127.0.0.1")) {
            assertThat(Curl.run(url("/healthz"), "-H", "Host: " + host).status()).as(host).isEqualTo(200);
        }
        // HTTP/1.0 without a Host (HAProxy's plain "option httpchk"): no browser sends that
        Curl.Answer noHost = Curl.run(url("/readyz"), "--http1.0", "-H", "Host:");
        assertThat(noHost.status()).isEqualTo(200);
        assertThat(noHost.body()).isEqualTo("ready");
        for (String host : List.of("127.0.0.2", "localhost.evil.example", "127.0.0.1.nip.io", "[::2]", "localhost:x")) {
            assertThat(Curl.run(url("/healthz"), "-H", "Host: " + host).status()).as(host).isEqualTo(421);
        }
        assertThat(Curl.run(url("/healthz"), "-H", "Host;").status()).as("empty Host").isEqualTo(421);
    }

    @Test
    void aRequestWithAnOriginHeaderIsRefusedWith403() throws Exception {
        Curl.Answer drain = Curl.run(url("/api/backends/login-1/drain"), "-X", "POST",
                "-H", "Origin: http://evil.example", "-H", "Content-Type: application/json");
        assertThat(drain.status()).isEqualTo(403);
        assertThat(drain.body()).contains("Origin").contains("http://evil.example").hasLineCount(1);
        assertThat(Curl.run(url("/api/backends"), "-H", "Origin: null").status()).isEqualTo(403);
        // a CORS preflight gets nothing that would let the browser go on
        Curl.Answer preflight = Curl.run(url("/api/reload"), "-X", "OPTIONS", "-H", "Origin: http://evil.example",
                "-H", "Access-Control-Request-Method: POST");
        assertThat(preflight.status()).isEqualTo(403);
        assertThat(preflight.headers()).doesNotContainKey("access-control-allow-origin");
        assertThat(ops.calls).isEmpty();
        assertThat(drained("login-1")).isFalse();
    }

    @Test
    void aTextPlainOrFormPostIsRefusedWith415AndNothingIsDrained() throws Exception {
        Curl.Answer plain = Curl.run(url("/api/backends/login-1/drain"), "-H", "Content-Type: text/plain",
                "--data", "{}");
        assertThat(plain.status()).isEqualTo(415);
        assertThat(plain.body()).isEqualTo("admin API: POST needs Content-Type: application/json or"
                + " X-Jumpgate-Client: cli (got Content-Type: text/plain)\n");
        Curl.Answer form = Curl.run(url("/api/backends/login-1/drain"), "--data", "a=b");
        assertThat(form.status()).isEqualTo(415);
        Curl.Answer kill = Curl.run(url("/api/sessions/s-1"), "-X", "DELETE");
        assertThat(kill.status()).isEqualTo(415);
        assertThat(kill.body()).contains("no Content-Type");
        assertThat(ops.calls).isEmpty();
        assertThat(drained("login-1")).isFalse();
        assertThat(ops.sessions).containsKey("s-1");
    }

    @Test
    void aJsonPostOrTheClisHeaderDrains() throws Exception {
        Curl.Answer json = Curl.run(url("/api/backends/login-1/drain"), "-X", "POST",
                "-H", "Content-Type: application/json; charset=utf-8");
        assertThat(json.status()).isEqualTo(200);
        assertThat(drained("login-1")).isTrue();
        Curl.Answer cli = Curl.run(url("/api/backends/login-1/undrain"), "-X", "POST",
                "-H", "X-Jumpgate-Client: cli");
        assertThat(cli.status()).isEqualTo(200);
        assertThat(drained("login-1")).isFalse();
        assertThat(ops.calls).containsExactly("drain login-1", "undrain login-1");
    }

    @Test
    void getNeedsNoHeaderForPrometheusAndHealthChecks() throws Exception {
        assertThat(Curl.run(url("/metrics")).status()).isEqualTo(200);
        assertThat(Curl.run(url("/healthz")).body()).isEqualTo("ok");
        assertThat(Curl.run(url("/api/backends")).status()).isEqualTo(200);
    }

    private AdminToken tokenFile(Path file, String token) throws Exception {
        Files.writeString(file, token + "\n");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        return AdminToken.read(file, "admin.tokenFile");
    }

    @Test
    void withATokenEveryRequestButTheHealthChecksNeedsIt(@TempDir Path dir) throws Exception {
        String token = "3f9c1d5e7a2b4c6d8e0f1a3b5c7d9e1f";
        other = AdminServer.start(new HostPort("127.0.0.1", 0), ops, registry, false,
                tokenFile(dir.resolve("admin.token"), token));
        String bearer = "Authorization: Bearer " + token;
        try (LogCapture log = LogCapture.of(JdkAdminServer.class.getName())) {
            for (String path : List.of("/api/backends", "/api/sessions", "/metrics")) {
                Curl.Answer none = Curl.run(url(other, path));
                assertThat(none.status()).as(path).isEqualTo(401);
                assertThat(none.headers().get("www-authenticate")).as(path).startsWith("Bearer");
                assertThat(none.body()).as(path).contains("Authorization: Bearer TOKEN").hasLineCount(1);
            }
            Curl.Answer drain = Curl.run(url(other, "/api/backends/login-1/drain"), "-X", "POST",
                    "-H", "X-Jumpgate-Client: cli");
            assertThat(drain.status()).isEqualTo(401);
            assertThat(drained("login-1")).isFalse();
            Curl.Answer wrong = Curl.run(url(other, "/api/backends"), "-H", "Authorization: Bearer " + "0".repeat(32));
            assertThat(wrong.status()).isEqualTo(401);
            assertThat(wrong.headers().get("www-authenticate")).contains("invalid_token");
            assertThat(Curl.run(url(other, "/api/backends"), "-H", "Authorization: Basic " + token).status())
                    .isEqualTo(401);
            assertThat(log.messages()).hasSize(6).allSatisfy(m -> assertThat(m).contains("401")
                    .doesNotContain(token).doesNotContain("\n"));
        }
        assertThat(Curl.run(url(other, "/healthz")).status()).isEqualTo(200);
        assertThat(Curl.run(url(other, "/readyz")).status()).isEqualTo(200);

        assertThat(Curl.run(url(other, "/api/backends"), "-H", bearer).status()).isEqualTo(200);
        registry.counter("jumpgate.test.logins").increment();
        assertThat(Curl.run(url(other, "/metrics"), "-H", bearer).body()).contains("jumpgate_test_logins_total");
        assertThat(Curl.run(url(other, "/api/backends/login-1/drain"), "-X", "POST", "-H", bearer,
                "-H", "Content-Type: application/json").status()).isEqualTo(200);
        assertThat(drained("login-1")).isTrue();
        // the token does not make a foreign Host or a web page's request acceptable
        assertThat(Curl.run(url(other, "/api/backends"), "-H", bearer, "-H", "Host: evil.example").status())
                .isEqualTo(421);
        assertThat(Curl.run(url(other, "/api/backends"), "-H", bearer, "-H", "Origin: http://evil.example").status())
                .isEqualTo(403);
    }

    @Test
    void theAdminClientSendsItsHeaderAndTheToken(@TempDir Path dir) throws Exception {
        AdminToken token = tokenFile(dir.resolve("admin.token"), "a".repeat(40));
        other = AdminServer.start(new HostPort("127.0.0.1", 0), ops, registry, false, token);
        AdminClient with = new AdminClient(new HostPort("127.0.0.1", other.port()), TIMEOUT, token);
        assertThat(with.post("/api/backends/login-2/drain").status()).isEqualTo(200);
        assertThat(drained("login-2")).isTrue();
        AdminClient without = new AdminClient(new HostPort("127.0.0.1", other.port()), TIMEOUT);
        AdminClient.Reply refused = without.get("/api/backends");
        assertThat(refused.status()).isEqualTo(401);
        assertThat(refused.error()).startsWith("admin API: this request needs Authorization: Bearer TOKEN");
    }
}
