package org.jumpgate.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.MockClock;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.jumpgate.audit.AuditEvent;
import org.jumpgate.audit.AuditEvent.AuthMethod;
import org.jumpgate.audit.AuditLog;
import org.jumpgate.harness.RecordingAuditLog;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** What an operator reads in a scrape after the gateway audited some events; Prometheus text, as scraped. */
class GatewayMetricsTest {

    private final MockClock clock = new MockClock();
    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT,
            new PrometheusRegistry(), clock);
    private final GatewayMetrics metrics = GatewayMetrics.bind(registry);
    private final RecordingAuditLog recorded = new RecordingAuditLog();
    private final AuditLog audit = metrics.counting(recorded);

    @AfterEach
    void close() {
        metrics.close();
        registry.close();
    }

    private String scrape() {
        return registry.scrape();
    }

    @Test
    void everyCounterIsThereAtZeroBeforeAnyEvent() {
        assertThat(scrape()).contains(
                "jumpgate_auth_failures_total{reason=\"wrong_code\"} 0.0",
                "jumpgate_auth_failures_total{reason=\"other\"} 0.0",
                "jumpgate_jumps_total{outcome=\"denied\",reason=\"no_job\"} 0.0",
                "jumpgate_jumps_total{outcome=\"closed\",reason=\"job_ended\"} 0.0",
                "jumpgate_sessions_started_total{kind=\"sftp\"} 0.0",
                "jumpgate_sessions_open{kind=\"shell\"} 0.0",
                "jumpgate_relayed_bytes_total{channel=\"session\",direction=\"up\"} 0.0",
                "jumpgate_login_duration_seconds_count{phase=\"auth\"} 0",
                "jumpgate_login_duration_seconds_bucket{phase=\"backend\",le=\"1.0\"} 0");
    }

    @Test
    void buildInfoNamesTheVersionAndProcessMetricsAreThere() {
        assertThat(scrape()).contains("jumpgate_build_info{version=\"" + GatewayMetrics.VERSION + "\"} 1",
                "process_files_open_files ", "process_files_max_files ", "process_cpu_usage ");
    }

    @Test
    void authFailuresAreCountedByCategoryNeverByText() {
        audit.record(new AuditEvent.AuthFailure("alice", "127.0.0.1", "s1", AuthMethod.KEYBOARD_INTERACTIVE, null,
                "wrong one-time code"));
        audit.record(new AuditEvent.AuthFailure("alice", "127.0.0.1", "s1", AuthMethod.KEYBOARD_INTERACTIVE, null,
                "wrong one-time code"));
        audit.record(new AuditEvent.AuthFailure("'mallory'", "127.0.0.1", "s2", AuthMethod.PUBLICKEY, "SHA256:x",
                "key not authorized for this user"));
        audit.record(new AuditEvent.AuthFailure("bob", "127.0.0.1", "s3", AuthMethod.PUBLICKEY, null,
                "a reason of a later version"));

        assertThat(scrape()).contains("jumpgate_auth_failures_total{reason=\"wrong_code\"} 2.0",
                "jumpgate_auth_failures_total{reason=\"unknown_key\"} 1.0",
                "jumpgate_auth_failures_total{reason=\"other\"} 1.0")
                .doesNotContain("later version", "mallory");
        assertThat(recorded.events()).hasSize(4);
    }

    @Test
    void sessionsAreCountedByKindAndBytesByDirectionWhenTheyEnd() {
        audit.record(new AuditEvent.SessionStart("alice", "s1", 0, "login-1", "exec rsync"));
        audit.record(new AuditEvent.SessionStart("alice", "s1", 1, "login-1", "subsystem sftp"));
        assertThat(scrape()).contains("jumpgate_sessions_open{kind=\"exec\"} 1.0",
                "jumpgate_sessions_open{kind=\"sftp\"} 1.0");

        audit.record(new AuditEvent.SessionEnd("alice", "s1", 0, "login-1", "exec rsync", "status 0", 1000, 50, 1.5));
        audit.record(new AuditEvent.SessionEnd("alice", "s1", 1, "login-1", "subsystem sftp", "status 0", 7, 3000, 2));
        audit.record(new AuditEvent.SessionEnd("alice", "s1", 2, "login-1", "session", "none", 0, 0, 0));

        assertThat(scrape()).contains("jumpgate_sessions_started_total{kind=\"exec\"} 1.0",
                "jumpgate_sessions_started_total{kind=\"sftp\"} 1.0",
                "jumpgate_sessions_open{kind=\"exec\"} 0.0",
                "jumpgate_sessions_open{kind=\"sftp\"} 0.0",
                "jumpgate_relayed_bytes_total{channel=\"session\",direction=\"up\"} 1007.0",
                "jumpgate_relayed_bytes_total{channel=\"session\",direction=\"down\"} 3050.0")
                .doesNotContain("rsync");
    }

    @Test
    void jumpsAreCountedByOutcomeWithTheirBytes() {
        audit.record(new AuditEvent.JumpAllowed("alice", "s1", "login-2", 22, null));
        audit.record(new AuditEvent.JumpAllowed("alice", "s1", "cn-a001", 22, "1234"));
        audit.record(new AuditEvent.JumpDenied("alice", "s1", "cn-a002:22", "cn-a002",
                "jumpgate: no running job of yours on cn-a002 (squeue --me)"));
        audit.record(new AuditEvent.JumpDenied("alice", "s1", "cn-a002:22", "cn-a002",
                "jumpgate: scheduler unreachable: cannot verify your job on cn-a002"));
        audit.record(new AuditEvent.JumpClosed("alice", "s1", "cn-a001", "1234", "job ended", 10, 20));
        audit.record(new AuditEvent.JumpEnd("alice", "s1", "cn-a001", 22, "1234", 10, 20, 3));

        assertThat(scrape()).contains("jumpgate_jumps_total{outcome=\"allowed\",reason=\"login_node\"} 1.0",
                "jumpgate_jumps_total{outcome=\"allowed\",reason=\"compute_node\"} 1.0",
                "jumpgate_jumps_total{outcome=\"denied\",reason=\"no_job\"} 1.0",
                "jumpgate_jumps_total{outcome=\"denied\",reason=\"scheduler_unreachable\"} 1.0",
                "jumpgate_jumps_total{outcome=\"closed\",reason=\"job_ended\"} 1.0",
                "jumpgate_sessions_started_total{kind=\"jump\"} 2.0",
                "jumpgate_sessions_open{kind=\"jump\"} 1.0",
                "jumpgate_relayed_bytes_total{channel=\"jump\",direction=\"up\"} 10.0",
                "jumpgate_relayed_bytes_total{channel=\"jump\",direction=\"down\"} 20.0");
    }

    @Test
    void aBackendLinkIsTimedWhenItIsMadeNotWhenItFails() {
        CompletableFuture<String> link = new CompletableFuture<>();
        CompletableFuture<String> timed = metrics.timeBackendLink(() -> link);
        clock.add(Duration.ofMillis(300));
        link.complete("link");
        metrics.timeBackendLink(() -> CompletableFuture.<String>failedFuture(new IllegalStateException("no node")));

        assertThat(timed).isCompletedWithValue("link");
        assertThat(scrape()).contains("jumpgate_login_duration_seconds_count{phase=\"backend\"} 1",
                "jumpgate_login_duration_seconds_bucket{phase=\"backend\",le=\"0.25\"} 0",
                "jumpgate_login_duration_seconds_bucket{phase=\"backend\",le=\"0.5\"} 1",
                "jumpgate_login_duration_seconds_sum{phase=\"backend\"} 0.3");
    }

    @Test
    void jumpDenialReasonsLandInTheirCategories() {
        assertThat(List.of(
                "jumpgate: port 8888 not allowed on compute nodes (allowed: 22)",
                "jumpgate: 'a b:22' is not a valid host name or address (spaces)",
                "jumpgate: 10.0.1.1 is a compute node address; use the node name",
                "jumpgate: port forwarding and jumps are disabled for your key",
                "jumpgate: jumps to compute nodes are not enabled on this gateway",
                "jumpgate: something else").stream().map(r -> JumpOutcome.denied(r).reason))
                .containsExactly("port_not_allowed", "bad_target", "bad_target", "forwarding_disabled",
                        "compute_disabled", "other");
    }
}
