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
import org.jumpgate.audit.AuditEvent.AuthFailure;
import org.jumpgate.audit.AuditEvent.AuthMethod;
import org.jumpgate.audit.AuditEvent.AuthSuccess;
import org.jumpgate.audit.AuditEvent.BackendDrained;
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
    void theMeteredLogCountsByEventNameAndPassesEachEventOn() {
        List<AuditEvent> seen = new ArrayList<>();
        AuditLog sink = new AuditLog() {
            @Override
            public void record(AuditEvent event) {
                seen.add(event);
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
