package org.jumpgate.it.gateway;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/** Where benchmark lines go: stdout and, appended, {@code target/benchmark-results.txt}. */
final class BenchmarkResults {

    static final Path FILE = Path.of("target", "benchmark-results.txt").toAbsolutePath();

    private BenchmarkResults() {
    }

    static void report(String line) {
        System.out.println(line);
        try {
            Files.createDirectories(FILE.getParent());
            Files.writeString(FILE, line + "\n", StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
