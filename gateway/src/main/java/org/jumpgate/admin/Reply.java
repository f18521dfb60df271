package org.jumpgate.admin;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One HTTP answer of the admin API.
 *
 * @param status      HTTP status
 * @param contentType its {@code Content-Type}
 * @param body        the bytes to send
 * @param headers     extra headers, e.g. {@code Allow}
 */
record Reply(int status, String contentType, byte[] body, Map<String, String> headers) {

    static final String JSON = "application/json";
    static final String TEXT = "text/plain; charset=utf-8";

    Reply {
        headers = Map.copyOf(headers);
    }

    static Reply json(int status, JsonNode body) {
        return new Reply(status, JSON, AdminJson.bytes(body), Map.of());
    }

    static Reply text(int status, String body) {
        return text(status, TEXT, body);
    }

    static Reply text(int status, String contentType, String body) {
        return new Reply(status, contentType, body.getBytes(StandardCharsets.UTF_8), Map.of());
    }

    /** {@code {"error": message}}. */
    static Reply error(int status, String message) {
        return json(status, AdminJson.error(message));
    }

    Reply withHeader(String name, String value) {
        Map<String, String> more = new LinkedHashMap<>(headers);
        more.put(name, value);
        return new Reply(status, contentType, body, more);
    }
}
