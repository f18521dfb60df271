package org.jumpgate.admin;

import com.sun.net.httpserver.Headers;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.jumpgate.common.HostPort;
import org.jumpgate.common.PrintableText;
import org.jspecify.annotations.Nullable;

/**
 * What a request must show before any endpoint sees it, against a web page in a browser on the
 * gateway's host (DNS rebinding, cross-site requests) and, with a token, anyone else:
 * <ol>
 *   <li>a loopback {@code Host} (or the configured address), any port, else 421; a request with no
 *       {@code Host} at all (HTTP/1.0 tools such as HAProxy's plain {@code option httpchk}) passes,
 *       since browsers always send one;</li>
 *   <li>no {@code Origin} header, else 403: browsers send it on cross-origin requests and on every
 *       POST, tools do not;</li>
 *   <li>with a token, {@code Authorization: Bearer TOKEN} on everything but {@link #TOKEN_FREE}
 *       (the health checks of keepalived and HAProxy), else 401 with {@code WWW-Authenticate};</li>
 *   <li>anything but GET and HEAD only with {@code Content-Type: application/json} or
 *       {@link #CLIENT_HEADER}{@code : }{@link #CLIENT_VALUE}, which no HTML form can send, else 415.</li>
 * </ol>
 */
final class AdminGuard {

    /** The header {@code jumpgate admin} sends, which lets it POST without a JSON body. */
    static final String CLIENT_HEADER = "X-Jumpgate-Client";
    static final String CLIENT_VALUE = "cli";

    /** Paths answered without the token: keepalived and HAProxy health checks. */
    static final Set<String> TOKEN_FREE = Set.of("/healthz", "/readyz");

    /** Untrusted header values are echoed (reply and log) cut to this length, printable only. */
    static final int MAX_ECHO = 100;

    private static final List<String> LOOPBACK_HOSTS = List.of("127.0.0.1", "localhost", "[::1]");
    private static final String REALM = "Bearer realm=\"jumpgate admin\"";

    /**
     * A refused request: its status, a one-line reason (the log line's end; the reply body says
     * {@code admin API: REASON}) and extra headers. The reason never holds the token.
     */
    record Refusal(int status, String reason, Map<String, String> headers) {

        Refusal {
            headers = Map.copyOf(headers);
        }

        Reply reply() {
            Reply r = Reply.text(status, "admin API: " + reason + "\n");
            for (Map.Entry<String, String> h : headers.entrySet()) {
                r = r.withHeader(h.getKey(), h.getValue());
            }
            return r;
        }
    }

    private final Set<String> hosts;
    private final @Nullable AdminToken token;

    /** For a server on {@code listen}: its host is served besides the loopback names. */
    AdminGuard(HostPort listen, @Nullable AdminToken token) {
        Set<String> h = new LinkedHashSet<>(LOOPBACK_HOSTS);
        String host = listen.host().toLowerCase(Locale.ROOT);
        h.add(host.indexOf(':') >= 0 && !host.startsWith("[") ? "[" + host + "]" : host);
        this.hosts = Set.copyOf(h);
        this.token = token;
    }

    boolean requiresToken() {
        return token != null;
    }

    /** Null if the request may go on, else why not. */
    @Nullable Refusal check(String method, String rawPath, Headers headers) {
        List<String> host = headers.get("Host");
        if (host != null && (host.size() != 1 || !hostAllowed(host.get(0)))) {
            String shown = host.size() == 1 ? "'" + PrintableText.of(host.get(0), MAX_ECHO) + "'" : host.size() + " values";
            return new Refusal(421, "Host " + shown + " refused, expected " + String.join(", ", hostsShown())
                    + " (any port): this API is not served under other names (DNS rebinding)", Map.of());
        }
        String origin = headers.getFirst("Origin");
        if (origin != null) {
            return new Refusal(403, "a request with an Origin header (" + PrintableText.of(origin, MAX_ECHO)
                    + ") is refused: web pages may not call it", Map.of());
        }
        if (token != null && !TOKEN_FREE.contains(rawPath)) {
            Refusal r = tokenRefusal(headers.get("Authorization"));
            if (r != null) {
                return r;
            }
        }
        if (!"GET".equals(method) && !"HEAD".equals(method) && !jsonOrClient(headers)) {
            String type = headers.getFirst("Content-Type");
            return new Refusal(415, PrintableText.of(method, MAX_ECHO) + " needs Content-Type: "
                    + Reply.JSON + " or " + CLIENT_HEADER + ": " + CLIENT_VALUE + " (got "
                    + (type == null ? "no Content-Type" : "Content-Type: " + PrintableText.of(type, MAX_ECHO))
                    + ")", Map.of());
        }
        return null;
    }

    private @Nullable Refusal tokenRefusal(@Nullable List<String> authorization) {
        if (authorization == null || authorization.isEmpty()) {
            return new Refusal(401, "this request needs Authorization: Bearer TOKEN,"
                    + " the token of admin.tokenFile", Map.of("WWW-Authenticate", REALM));
        }
        String value = authorization.size() == 1 ? authorization.get(0).strip() : "";
        int space = value.indexOf(' ');
        if (space < 0 || !value.substring(0, space).equalsIgnoreCase("Bearer")) {
            return new Refusal(401, "Authorization must be one header, Bearer TOKEN",
                    Map.of("WWW-Authenticate", REALM));
        }
        if (!token.matches(value.substring(space + 1).strip())) {
            return new Refusal(401, "wrong bearer token",
                    Map.of("WWW-Authenticate", REALM + ", error=\"invalid_token\""));
        }
        return null;
    }

    private static boolean jsonOrClient(Headers headers) {
        String client = headers.getFirst(CLIENT_HEADER);
        if (client != null && client.strip().equalsIgnoreCase(CLIENT_VALUE)) {
            return true;
        }
        String type = headers.getFirst("Content-Type");
        if (type == null) {
            return false;
        }
        int semi = type.indexOf(';');
        return (semi < 0 ? type : type.substring(0, semi)).strip().equalsIgnoreCase(Reply.JSON);
    }

    /** {@code name}, {@code name:port}, {@code [v6]}, {@code [v6]:port} with an allowed name. */
    private boolean hostAllowed(String value) {
        String v = value.strip().toLowerCase(Locale.ROOT);
        String name;
        String port;
        if (v.startsWith("[")) {
            int close = v.indexOf(']');
            if (close < 0) {
                return false;
            }
            name = v.substring(0, close + 1);
            String rest = v.substring(close + 1);
            if (!rest.isEmpty() && !rest.startsWith(":")) {
                return false;
            }
            port = rest.isEmpty() ? "" : rest.substring(1);
        } else {
            int colon = v.indexOf(':');
            name = colon < 0 ? v : v.substring(0, colon);
            port = colon < 0 ? "" : v.substring(colon + 1);
        }
        boolean portOk = port.isEmpty() || (port.length() <= 5 && port.chars().allMatch(c -> c >= '0' && c <= '9'));
        return portOk && hosts.contains(name);
    }

    private List<String> hostsShown() {
        List<String> shown = new ArrayList<>(LOOPBACK_HOSTS);
        hosts.stream().filter(h -> !LOOPBACK_HOSTS.contains(h)).sorted().forEach(shown::add);
        return shown;
    }
}
