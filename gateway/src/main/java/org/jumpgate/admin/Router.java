package org.jumpgate.admin;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Maps a method and a path to an endpoint. Patterns are literal segments and {@code {name}}
 * segments, which match one non-empty path segment (percent-decoded) and are passed to the
 * endpoint by name.
 */
final class Router {

    /** What an endpoint does with its path parameters. */
    @FunctionalInterface
    interface Endpoint {
        Reply handle(Map<String, String> params);
    }

    /** Where a request goes. */
    sealed interface Resolution {
    }

    /** A route matched: call {@code endpoint} with {@code params}. */
    record Found(Endpoint endpoint, Map<String, String> params) implements Resolution {
    }

    /** The path exists, but not with this method; {@code allow} lists the methods it has. */
    record WrongMethod(Set<String> allow) implements Resolution {
    }

    /** No route has this path. */
    record NotFound() implements Resolution {
    }

    private record Route(String method, List<String> pattern, Endpoint endpoint) {
    }

    private final List<Route> routes = new ArrayList<>();

    Router add(String method, String pattern, Endpoint endpoint) {
        routes.add(new Route(method, segments(pattern), endpoint));
        return this;
    }

    Resolution resolve(String method, String rawPath) {
        List<String> path = segments(rawPath);
        Set<String> allow = new TreeSet<>();
        for (Route r : routes) {
            Map<String, String> params = match(r.pattern(), path);
            if (params == null) {
                continue;
            }
            if (r.method().equals(method)) {
                return new Found(r.endpoint(), params);
            }
            allow.add(r.method());
        }
        return allow.isEmpty() ? new NotFound() : new WrongMethod(allow);
    }

    private static Map<String, String> match(List<String> pattern, List<String> path) {
        if (pattern.size() != path.size()) {
            return null;
        }
        Map<String, String> params = new HashMap<>();
        for (int i = 0; i < pattern.size(); i++) {
            String p = pattern.get(i);
            String s = path.get(i);
            if (p.startsWith("{") && p.endsWith("}")) {
                String value = decode(s);
                if (value == null || value.isEmpty()) {
                    return null;
                }
                params.put(p.substring(1, p.length() - 1), value);
            } else if (!p.equals(s)) {
                return null;
            }
        }
        return params;
    }

    /**
     * The parameters of a raw query string ({@code reason=disk%20full&x=1}), decoded as forms
     * are ({@code +} is a space); malformed or repeated ones are left out, first one wins.
     */
    static Map<String, String> query(String rawQuery) {
        Map<String, String> params = new HashMap<>();
        if (rawQuery == null || rawQuery.isEmpty()) {
            return params;
        }
        for (String pair : rawQuery.split("&")) {
            int eq = pair.indexOf('=');
            if (eq <= 0) {
                continue;
            }
            try {
                params.putIfAbsent(URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
                        URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
            } catch (IllegalArgumentException e) {
                // malformed percent escape: ignored, as an unknown parameter would be
            }
        }
        return params;
    }

    /** Path segments; a trailing slash counts as an empty last segment, so it matches nothing. */
    private static List<String> segments(String path) {
        String p = path.startsWith("/") ? path.substring(1) : path;
        return List.of(p.split("/", -1));
    }

    /** Percent-decodes a path segment ({@code +} stays a plus), null if malformed. */
    private static String decode(String segment) {
        try {
            return URLDecoder.decode(segment.replace("+", "%2B"), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
