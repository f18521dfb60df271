package org.jumpgate.admin;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * The real {@code curl}, as an operator (or a web page's request, replayed) calls the admin API:
 * the JDK's HttpClient cannot send a foreign {@code Host}, curl can.
 */
final class Curl {

    /** curl gives up after this; the test waits a little longer for it to exit. */
    private static final int MAX_TIME_SECONDS = 10;

    /**
     * What curl got.
     *
     * @param status  HTTP status
     * @param headers response headers, names in lower case
     * @param body    response body
     */
    record Answer(int status, Map<String, String> headers, String body) {
    }

    private Curl() {
    }

    /** {@code curl -sS -D - OPTIONS... URL}; fails the test if curl itself fails. */
    static Answer run(String url, String... options) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("curl", "-sS", "--max-time", String.valueOf(MAX_TIME_SECONDS),
                "-D", "-"));
        command.addAll(List.of(options));
        command.add(url);
        Process curl = new ProcessBuilder(command).start();
        CompletableFuture<byte[]> err = CompletableFuture.supplyAsync(() -> readAll(curl.getErrorStream()));
        byte[] out = readAll(curl.getInputStream());
        assertThat(curl.waitFor(MAX_TIME_SECONDS + 5L, TimeUnit.SECONDS)).as("curl exits").isTrue();
        String stderr = new String(err.join(), StandardCharsets.UTF_8);
        assertThat(curl.exitValue()).as("curl %s: %s", command, stderr).isZero();
        String text = new String(out, StandardCharsets.UTF_8);
        int end = text.indexOf("\r\n\r\n");
        assertThat(end).as("curl printed the response head: %s", text).isPositive();
        List<String> head = text.substring(0, end).lines().toList();
        int status = Integer.parseInt(head.get(0).split(" ")[1]);
        Map<String, String> headers = new LinkedHashMap<>();
        for (String line : head.subList(1, head.size())) {
            int colon = line.indexOf(':');
            headers.put(line.substring(0, colon).strip().toLowerCase(Locale.ROOT), line.substring(colon + 1).strip());
        }
        return new Answer(status, headers, text.substring(end + 4));
    }

    private static byte[] readAll(InputStream in) {
        try (in) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new IllegalStateException("reading curl's output: " + e.getMessage(), e);
        }
    }
}
