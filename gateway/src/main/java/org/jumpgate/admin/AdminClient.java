package org.jumpgate.admin;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.channels.UnresolvedAddressException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Locale;
import java.util.Objects;
import org.jumpgate.common.HostPort;
import org.jspecify.annotations.Nullable;

/** Calls a gateway's admin API, as {@code jumpgate admin} and tests do. */
public final class AdminClient {

    /** Connect and answer timeout: the API answers from memory, so a few seconds is plenty. */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(5);

    /**
     * An answer of the admin API.
     *
     * @param status HTTP status
     * @param body   its JSON, or a text node when it was not JSON
     */
    public record Reply(int status, JsonNode body) {

        public boolean ok() {
            return status >= 200 && status < 300;
        }

        /** The {@code error} field of an error answer, else the whole body as text. */
        public String error() {
            JsonNode e = body.get("error");
            return e != null && e.isTextual() ? e.asText() : body.isTextual() ? body.asText() : body.toString();
        }
    }

    private final HostPort admin;
    private final Duration timeout;
    private final @Nullable AdminToken token;
    private final HttpClient http;

    public AdminClient(HostPort admin, Duration timeout) {
        this(admin, timeout, null);
    }

    /** A client sending {@code token} with every request (for a gateway with {@code admin.tokenFile}). */
    public AdminClient(HostPort admin, Duration timeout, @Nullable AdminToken token) {
        this.admin = Objects.requireNonNull(admin, "admin");
        this.timeout = Objects.requireNonNull(timeout, "timeout");
        this.token = token;
        this.http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(timeout).build();
    }

    /** {@code path} with each {@code {}} replaced by the next value, percent-encoded as one segment. */
    public static String path(String template, String... segments) {
        String p = template;
        for (String s : segments) {
            p = p.replaceFirst("\\{}", URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20"));
        }
        return p;
    }

    public Reply get(String path) throws AdminUnreachableException {
        return send("GET", path);
    }

    public Reply post(String path) throws AdminUnreachableException {
        return send("POST", path);
    }

    public Reply delete(String path) throws AdminUnreachableException {
        return send("DELETE", path);
    }

    private Reply send(String method, String path) throws AdminUnreachableException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://" + admin + path))
                .timeout(timeout)
                .header("Accept", "application/json")
                .header(AdminGuard.CLIENT_HEADER, AdminGuard.CLIENT_VALUE)
                .method(method, HttpRequest.BodyPublishers.noBody());
        if (token != null) {
            request.header("Authorization", token.authorization());
        }
        HttpResponse<String> response;
        try {
            response = http.send(request.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new AdminUnreachableException(admin, why(e), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AdminUnreachableException(admin, "interrupted", e);
        }
        return new Reply(response.statusCode(), parse(response.body()));
    }

    private String why(IOException e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof UnresolvedAddressException) {
                return "unknown host " + admin.host();
            }
        }
        if (e instanceof HttpConnectTimeoutException) {
            return "no connection within " + timeout.toMillis() + " ms";
        }
        if (e instanceof HttpTimeoutException) {
            return "no answer within " + timeout.toMillis() + " ms";
        }
        String connect = null;
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof ConnectException && t.getMessage() != null) {
                connect = t.getMessage().toLowerCase(Locale.ROOT);
            }
        }
        if (connect != null || e instanceof ConnectException) {
            return connect != null ? connect : "connection refused";
        }
        return e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName();
    }

    private static JsonNode parse(String body) {
        try {
            JsonNode n = AdminJson.MAPPER.readTree(body);
            return n == null || n.isMissingNode() ? TextNode.valueOf(body.strip()) : n;
        } catch (JsonProcessingException e) {
            return TextNode.valueOf(body.strip());
        }
    }
}
