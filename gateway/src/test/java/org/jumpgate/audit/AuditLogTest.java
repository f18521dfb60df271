package org.jumpgate.audit;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.jumpgate.audit.AuditEvent.AuthFailure;
import org.jumpgate.audit.AuditEvent.AuthMethod;
import org.jumpgate.audit.AuditEvent.AuthSuccess;
import org.jumpgate.audit.AuditEvent.BackendDrained;
import org.jumpgate.testing.LogCapture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AuditLogTest {

    private static final Clock CLOCK = Clock.fixed(Instant.parse("2025-03-01T09:30:00.250Z"), ZoneOffset.UTC);

    private static AuthFailure failure(String reason) {
        return new AuthFailure("jgalice", "10.0.0.7:53122", "a1b2c3d4e5f6", AuthMethod.KEYBOARD_INTERACTIVE, null,
                reason);
    }

    @Test
    void theFileGetsOneLinePerEventStampedByTheClock(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("log").resolve("audit.log");
        try (AuditLog log = AuditLog.toFile(file, CLOCK)) {
            log.record(new BackendDrained("login-1"));
            log.record(failure("wrong one-time code"));
        }
        assertThat(Files.readAllLines(file)).containsExactly(
                "{\"ts\":\"2025-03-01T09:30:00.250Z\",\"event\":\"backend.drain\",\"backend\":\"login-1\"}",
                "{\"ts\":\"2025-03-01T09:30:00.250Z\",\"event\":\"auth.failure\",\"user\":\"jgalice\","
                        + "\"source\":\"10.0.0.7:53122\",\"session\":\"a1b2c3d4e5f6\","
                        + "\"method\":\"keyboard-interactive\",\"reason\":\"wrong one-time code\"}");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-r-----");
    }

    @Test
    void aClosedLogWritesNothingMore(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("audit.log");
        AuditLog log = AuditLog.toFile(file, CLOCK);
        log.record(new BackendDrained("login-1"));
        log.close();
        log.close();
        log.record(new BackendDrained("login-2"));
        assertThat(Files.readAllLines(file)).hasSize(1);
    }

    @Test
    void withAFileNoEventGoesToTheAuditLoggerToo(@TempDir Path dir) throws Exception {
        try (LogCapture events = LogCapture.of("jumpgate.audit")) {
            try (AuditLog log = AuditLog.toFile(dir.resolve("audit.log"), CLOCK)) {
                log.record(new BackendDrained("login-1"));
            }
            assertThat(events.messages()).isEmpty(); // stderr, and so the journal, get no copy
            try (AuditLog log = AuditLog.toLogger(CLOCK)) {
                log.record(new BackendDrained("login-2"));
            }
            assertThat(events.messages()).singleElement().asString().contains("\"backend\":\"login-2\"");
        }
    }

    @Test
    void reopenAfterTheFileWasRenamedWritesToANewFileAtThePath(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("audit.log");
        Path rotated = dir.resolve("audit.log.1");
        try (AuditLog log = AuditLog.metered(AuditLog.toFile(file, CLOCK),
                new PrometheusMeterRegistry(PrometheusConfig.DEFAULT))) {
            log.record(new BackendDrained("before-rename"));
            Files.move(file, rotated);
            log.record(new BackendDrained("after-rename")); // still the open file, now named .1
            log.reopen();
            log.record(new BackendDrained("after-reopen"));
        }
        assertThat(Files.readAllLines(rotated)).hasSize(2).allSatisfy(l -> assertThat(l).doesNotContain("reopen"));
        assertThat(Files.readAllLines(file)).singleElement().asString().contains("after-reopen");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-r-----");
    }

    @Test
    void aPathThatCannotBeReopenedLeavesTheOpenFileInUse(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("audit.log");
        Path rotated = dir.resolve("audit.log.1");
        try (AuditLog log = AuditLog.toFile(file, CLOCK);
             LogCapture errors = LogCapture.of(JsonLinesAuditLog.class.getName())) {
            Files.move(file, rotated);
            Files.createDirectory(file); // something else took the path
            log.reopen();
            log.record(new BackendDrained("login-1"));
            assertThat(errors.messages()).singleElement().asString()
                    .startsWith("cannot reopen the audit file " + file + ", still writing to the one open before");
        }
        assertThat(Files.readAllLines(rotated)).singleElement().asString().contains("login-1");
    }

    @Test
    void reopeningWhileThreadsRecordLosesNoLineAndWritesNoneTwice(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("audit.log");
        int threads = 4;
        int perThread = 2000;
        int rotations = 20;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        List<Path> rotated = new ArrayList<>();
        try (AuditLog log = AuditLog.toFile(file, CLOCK)) {
            CountDownLatch go = new CountDownLatch(1);
            List<Future<?>> writers = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int thread = t;
                writers.add(pool.submit(() -> {
                    go.await();
                    for (int i = 0; i < perThread; i++) {
                        log.record(new BackendDrained("t" + thread + "-" + i));
                    }
                    return null;
                }));
            }
            go.countDown();
            for (int r = 1; r <= rotations; r++) {
                Path to = dir.resolve("audit.log." + r);
                Files.move(file, to);
                rotated.add(to);
                log.reopen();
            }
            for (Future<?> w : writers) {
                w.get(1, TimeUnit.MINUTES);
            }
        } finally {
            pool.shutdownNow();
        }
        rotated.add(file);
        List<String> backends = new ArrayList<>();
        for (Path p : rotated) {
            for (String l : Files.readAllLines(p)) {
                assertThat(l).startsWith("{\"ts\":").endsWith("\"}");
                backends.add(l.substring(l.indexOf("\"backend\":\"") + 11, l.length() - 2));
            }
        }
        assertThat(backends).hasSize(threads * perThread).doesNotHaveDuplicates();
    }

    @Test
    void theMeteredLogCountsByEventNameAndPassesEachEventOn() {
        List<AuditEvent> seen = new ArrayList<>();
        AuditLog sink = new AuditLog() {
            @Override
            public void record(AuditEvent event) {
                seen.add(event);
            }

            @Override
            public void reopen() {
            }

            @Override
            public void close() {
            }
        };
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        AuditLog log = AuditLog.metered(sink, registry);
        AuditEvent ok = new AuthSuccess("jgalice", "10.0.0.7:53122", "a1b2c3d4e5f6", AuthMethod.PUBLICKEY, "SHA256:x");
        log.record(failure("wrong one-time code"));
        log.record(failure("one-time code already used"));
        log.record(ok);

        assertThat(seen).hasSize(3).last().isSameAs(ok);
        assertThat(registry.get("jumpgate.events").tag("event", "auth.failure").counter().count()).isEqualTo(2.0);
        assertThat(registry.get("jumpgate.events").tag("event", "auth.success").counter().count()).isEqualTo(1.0);
        assertThat(registry.find("jumpgate.events").tag("event", "backend.drain").counter()).isNull();
        assertThat(registry.scrape())
                .contains("jumpgate_events_total{event=\"auth.failure\"} 2.0")
                .contains("jumpgate_events_total{event=\"auth.success\"} 1.0");
    }
}
