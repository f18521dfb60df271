package org.jumpgate.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.jumpgate.audit.AuditEvent.AuthFailure;
import org.jumpgate.audit.AuditEvent.AuthMethod;
import org.jumpgate.audit.AuditEvent.AuthSuccess;
import org.jumpgate.audit.AuditEvent.BackendChosen;
import org.jumpgate.audit.AuditEvent.BackendReused;
import org.jumpgate.audit.AuditEvent.BackendDrained;
import org.jumpgate.audit.AuditEvent.BackendUnavailable;
import org.jumpgate.audit.AuditEvent.BackendUndrained;
import org.jumpgate.audit.AuditEvent.ConfigReloaded;
import org.jumpgate.audit.AuditEvent.ConnectionEnd;
import org.jumpgate.audit.AuditEvent.ConnectionKilled;
import org.jumpgate.audit.AuditEvent.ForwardAgent;
import org.jumpgate.audit.AuditEvent.ForwardLocal;
import org.jumpgate.audit.AuditEvent.ForwardRemote;
import org.jumpgate.audit.AuditEvent.ForwardX11;
import org.jumpgate.audit.AuditEvent.JumpAllowed;
import org.jumpgate.audit.AuditEvent.JumpClosed;
import org.jumpgate.audit.AuditEvent.JumpDenied;
import org.jumpgate.audit.AuditEvent.JumpEnd;
import org.jumpgate.audit.AuditEvent.SessionEnd;
import org.jumpgate.audit.AuditEvent.SessionStart;
import org.junit.jupiter.api.Test;

/**
 * Each event is the same JSON line the gateway wrote before events were records, when its call
 * sites passed (name, value) pairs: {@link #before} is that serialisation, kept here as the
 * reference, and the pairs below are the ones those call sites passed.
 */
class AuditEventTest {

    private static final String TS = "2025-03-01T09:30:00Z";
    private static final String KEY = "SHA256:pD3kq2m1W0oTn0N7rYyBfX8i6y3m8wS2l0yq1k9Jz7E";

    /** What {@code record(String event, Object... fields)} wrote: ts, event, then the non-null pairs in order. */
    private static String before(String event, Object... fields) throws Exception {
        Map<String, Object> line = new LinkedHashMap<>();
        line.put("ts", TS);
        line.put("event", event);
        for (int i = 0; i + 1 < fields.length; i += 2) {
            if (fields[i + 1] != null) {
                line.put(String.valueOf(fields[i]), fields[i + 1]);
            }
        }
        return new ObjectMapper().writeValueAsString(line);
    }

    private static String line(AuditEvent event) {
        return JsonLinesAuditLog.line(TS, event);
    }

    @Test
    void aPublickeySuccessNamesTheKey() {
        assertThat(line(new AuthSuccess("jgalice", "10.0.0.7:53122", "a1b2c3d4e5f6", AuthMethod.PUBLICKEY, KEY)))
                .isEqualTo("{\"ts\":\"2025-03-01T09:30:00Z\",\"event\":\"auth.success\",\"user\":\"jgalice\","
                        + "\"source\":\"10.0.0.7:53122\",\"session\":\"a1b2c3d4e5f6\",\"method\":\"publickey\","
                        + "\"key\":\"" + KEY + "\"}");
    }

    @Test
    void aNullFieldIsLeftOut() {
        assertThat(line(new AuthFailure("jgalice", "10.0.0.7:53122", "a1b2c3d4e5f6", AuthMethod.KEYBOARD_INTERACTIVE,
                null, "wrong one-time code")))
                .isEqualTo("{\"ts\":\"2025-03-01T09:30:00Z\",\"event\":\"auth.failure\",\"user\":\"jgalice\","
                        + "\"source\":\"10.0.0.7:53122\",\"session\":\"a1b2c3d4e5f6\","
                        + "\"method\":\"keyboard-interactive\",\"reason\":\"wrong one-time code\"}");
        assertThat(line(new JumpAllowed("jgalice", "a1b2c3d4e5f6", "login-1", 22, null)))
                .isEqualTo("{\"ts\":\"2025-03-01T09:30:00Z\",\"event\":\"jump.allowed\",\"user\":\"jgalice\","
                        + "\"session\":\"a1b2c3d4e5f6\",\"node\":\"login-1\",\"port\":22}");
    }

    @Test
    void aListIsAJsonArray() {
        assertThat(line(new BackendUnavailable("jgalice", "a1b2c3d4e5f6",
                List.of("login-1: Connection refused", "login-2: no answer within 5s"))))
                .isEqualTo("{\"ts\":\"2025-03-01T09:30:00Z\",\"event\":\"backend.unavailable\",\"user\":\"jgalice\","
                        + "\"session\":\"a1b2c3d4e5f6\","
                        + "\"tried\":[\"login-1: Connection refused\",\"login-2: no answer within 5s\"]}");
        assertThat(line(ConfigReloaded.success(List.of("login-1", "login-2"))))
                .isEqualTo("{\"ts\":\"2025-03-01T09:30:00Z\",\"event\":\"config.reload\",\"applied\":true,"
                        + "\"backends\":[\"login-1\",\"login-2\"]}");
    }

    @Test
    void numbersAreWrittenAsNumbers() {
        assertThat(line(new SessionEnd("jgalice", "a1b2c3d4e5f6", 3L, "login-1", "exec: rsync --server", "status 0",
                1048576L, 42L, 2.5)))
                .isEqualTo("{\"ts\":\"2025-03-01T09:30:00Z\",\"event\":\"session.end\",\"user\":\"jgalice\","
                        + "\"session\":\"a1b2c3d4e5f6\",\"channel\":3,\"backend\":\"login-1\","
                        + "\"request\":\"exec: rsync --server\",\"exit\":\"status 0\",\"bytesUp\":1048576,"
                        + "\"bytesDown\":42,\"seconds\":2.5}");
    }

    /** One or more events of every kind, with the pairs their call site passed before. */
    private static Map<AuditEvent, String> everyKind() throws Exception {
        Map<AuditEvent, String> m = new LinkedHashMap<>();
        String u = "jgalice";
        String sid = "a1b2c3d4e5f6";
        String src = "[::1]:40022";
        m.put(new AuthSuccess(u, src, sid, AuthMethod.PUBLICKEY, KEY),
                before("auth.success", "user", u, "source", src, "session", sid, "method", "publickey", "key", KEY));
        m.put(new AuthSuccess(u, src, sid, AuthMethod.KEYBOARD_INTERACTIVE, null),
                before("auth.success", "user", u, "source", src, "session", sid, "method", "keyboard-interactive"));
        m.put(new AuthFailure("jgeve", src, sid, AuthMethod.PUBLICKEY, null, "signature verification failed"),
                before("auth.failure", "user", "jgeve", "source", src, "session", sid, "method", "publickey",
                        "key", null, "reason", "signature verification failed"));
        m.put(new AuthFailure(u, src, "-", AuthMethod.PUBLICKEY, KEY, "account disabled: \"left\" \\ 2024"),
                before("auth.failure", "user", u, "source", src, "session", "-", "method", "publickey", "key", KEY,
                        "reason", "account disabled: \"left\" \\ 2024"));
        m.put(new AuthFailure(u, src, sid, AuthMethod.KEYBOARD_INTERACTIVE, null, "one-time code already used"),
                before("auth.failure", "user", u, "source", src, "session", sid, "method", "keyboard-interactive",
                        "reason", "one-time code already used"));
        m.put(new BackendChosen(u, sid, "login-2", "[fd00::2]:22", 2),
                before("backend.chosen", "user", u, "session", sid, "backend", "login-2", "address", "[fd00::2]:22",
                        "attempt", 2));
        m.put(new BackendReused(u, sid, "login-1", "10.0.0.1:22", "0a1b2c3d4e5f", 1200L),
                before("backend.reused", "user", u, "session", sid, "backend", "login-1", "address", "10.0.0.1:22",
                        "from", "0a1b2c3d4e5f", "idleMillis", 1200L));
        m.put(new BackendUnavailable(u, sid, List.of()),
                before("backend.unavailable", "user", u, "session", sid, "tried", List.of()));
        m.put(new SessionStart(u, sid, 0L, "login-1", "shell"),
                before("session.start", "user", u, "session", sid, "channel", 0L, "backend", "login-1", "request",
                        "shell"));
        m.put(new SessionEnd(u, sid, 7L, "login-1", "subsystem: sftp", "signal TERM", 0L, 123456789012L, 0.1 + 0.2),
                before("session.end", "user", u, "session", sid, "channel", 7L, "backend", "login-1", "request",
                        "subsystem: sftp", "exit", "signal TERM", "bytesUp", 0L, "bytesDown", 123456789012L,
                        "seconds", 0.1 + 0.2));
        m.put(new ForwardRemote(u, sid, "tcpip-forward", "login-1", true),
                before("forward.remote", "user", u, "session", sid, "request", "tcpip-forward", "via", "login-1",
                        "ok", true));
        m.put(new ForwardLocal(u, sid, "localhost:8888", "login-1", true, null),
                before("forward.local", "user", u, "session", sid, "target", "localhost:8888", "via", "login-1",
                        "ok", true));
        m.put(new ForwardLocal(u, sid, "localhost:8888", "login-1", false,
                        "jumpgate: login node login-1 could not connect to localhost:8888 (Connection refused)"),
                before("forward.local", "user", u, "session", sid, "target", "localhost:8888", "via", "login-1",
                        "ok", false, "reason",
                        "jumpgate: login node login-1 could not connect to localhost:8888 (Connection refused)"));
        m.put(new ForwardAgent(u, sid, 0L, "login-1", true, null),
                before("forward.agent", "user", u, "session", sid, "channel", 0L, "via", "login-1", "ok", true));
        m.put(new ForwardAgent(u, sid, 0L, "login-1", false,
                        "agent forwarding is not permitted for this key (no-agent-forwarding or restrict)"),
                before("forward.agent", "user", u, "session", sid, "channel", 0L, "via", "login-1", "ok", false,
                        "reason", "agent forwarding is not permitted for this key (no-agent-forwarding or restrict)"));
        m.put(new ForwardX11(u, sid, 2L, "login-1", false, "refused by login node login-1"),
                before("forward.x11", "user", u, "session", sid, "channel", 2L, "via", "login-1", "ok", false,
                        "reason", "refused by login node login-1"));
        m.put(new JumpAllowed(u, sid, "cn-a001", 22, "1234"),
                before("jump.allowed", "user", u, "session", sid, "node", "cn-a001", "port", 22, "job", "1234"));
        m.put(new JumpEnd(u, sid, "cn-a001", 22, "1234", 5L, 6L, 61.25),
                before("jump.end", "user", u, "session", sid, "node", "cn-a001", "port", 22, "job", "1234",
                        "bytesUp", 5L, "bytesDown", 6L, "seconds", 61.25));
        m.put(new JumpEnd(u, sid, "login-1", 22, null, 0L, 0L, 0.0),
                before("jump.end", "user", u, "session", sid, "node", "login-1", "port", 22, "job", null,
                        "bytesUp", 0L, "bytesDown", 0L, "seconds", 0.0));
        m.put(new JumpDenied(u, sid, "cn-b002:22", "cn-b002", "jumpgate: you have no running job on cn-b002"),
                before("jump.denied", "user", u, "session", sid, "target", "cn-b002:22", "node", "cn-b002",
                        "reason", "jumpgate: you have no running job on cn-b002"));
        m.put(new JumpDenied(u, sid, "10.1.2.3:22", null, "jumpgate: jump to a node by name"),
                before("jump.denied", "user", u, "session", sid, "target", "10.1.2.3:22", "node", null,
                        "reason", "jumpgate: jump to a node by name"));
        m.put(new JumpClosed(u, sid, "cn-a001", "1234", "job 1234 is no longer running", 10L, 20L),
                before("jump.closed", "user", u, "session", sid, "node", "cn-a001", "job", "1234", "reason",
                        "job 1234 is no longer running", "bytesUp", 10L, "bytesDown", 20L));
        m.put(new AuditEvent.CpuJobSubmitted(u, sid, "1234", "jumpgate-cpu"),
                before("cpujob.submitted", "user", u, "session", sid, "job", "1234", "jobName", "jumpgate-cpu"));
        m.put(new AuditEvent.CpuJobReused(u, sid, "1234", "cn-a001"),
                before("cpujob.reused", "user", u, "session", sid, "job", "1234", "node", "cn-a001"));
        m.put(new AuditEvent.CpuJobCancelled(u, "1234", "cn-a001", "idle 10m"),
                before("cpujob.cancelled", "user", u, "job", "1234", "node", "cn-a001", "reason", "idle 10m"));
        m.put(new AuditEvent.CpuJobCancelled(u, "1235", null, "idle 10m"),
                before("cpujob.cancelled", "user", u, "job", "1235", "node", null, "reason", "idle 10m"));
        m.put(new AuditEvent.CpuJobEnded(u, "1234", "cn-a001", 2),
                before("cpujob.ended", "user", u, "job", "1234", "node", "cn-a001", "channels", 2));
        m.put(new ConnectionEnd(u, sid),
                before("connection.end", "user", u, "session", sid));
        m.put(new ConnectionKilled(sid, u, "login-1 reboots at noon"),
                before("connection.killed", "session", sid, "user", u, "reason", "login-1 reboots at noon"));
        m.put(new ConnectionKilled(sid, null, null),
                before("connection.killed", "session", sid, "user", null, "reason", null));
        m.put(new BackendDrained("login-1"),
                before("backend.drain", "backend", "login-1"));
        m.put(new BackendUndrained("login-1"),
                before("backend.undrain", "backend", "login-1"));
        m.put(new AuditEvent.SourcePenalised("192.0.2.7/32", "authfail", 20),
                before("source.penalised", "source", "192.0.2.7/32", "penalty", "authfail", "seconds", 20L));
        m.put(new AuditEvent.ClusterLost("gw-1", "LOST"),
                before("cluster.lost", "member", "gw-1", "state", "LOST"));
        m.put(new AuditEvent.ClusterRegained("gw-1"),
                before("cluster.regained", "member", "gw-1"));
        m.put(ConfigReloaded.refused(List.of("backends[0].port: must be 1-65535", "auth.totp: missing")),
                before("config.reload", "applied", false, "errors",
                        List.of("backends[0].port: must be 1-65535", "auth.totp: missing")));
        m.put(ConfigReloaded.success(List.of("login-1")),
                before("config.reload", "applied", true, "backends", List.of("login-1")));
        return m;
    }

    @Test
    void everyEventIsTheLineItWasBefore() throws Exception {
        everyKind().forEach((event, expected) -> assertThat(line(event)).as(event.name()).isEqualTo(expected));
    }

    @Test
    void everyKindOfEventIsCoveredAndNamedOnce() throws Exception {
        Set<Class<?>> covered = everyKind().keySet().stream().map(Object::getClass).collect(Collectors.toSet());
        assertThat(covered).containsExactlyInAnyOrder(AuditEvent.class.getPermittedSubclasses());
        Map<String, Set<Class<?>>> byName = everyKind().keySet().stream().collect(
                Collectors.groupingBy(AuditEvent::name, Collectors.mapping(Object::getClass, Collectors.toSet())));
        assertThat(byName.values()).allSatisfy(classes -> assertThat(classes).hasSize(1));
        assertThat(byName.keySet()).containsExactlyInAnyOrder("auth.success", "auth.failure", "backend.chosen",
                "backend.reused", "backend.unavailable", "session.start", "session.end", "forward.remote", "forward.local",
                "forward.agent", "forward.x11",
                "jump.allowed", "jump.end", "jump.denied", "jump.closed", "connection.end", "connection.killed",
                "backend.drain", "backend.undrain", "source.penalised", "cluster.lost", "cluster.regained", "config.reload",
                "cpujob.submitted", "cpujob.reused", "cpujob.cancelled", "cpujob.ended");
    }

    @Test
    void theUserIsWrittenAsGivenWithoutQuotes() {
        // a publickey failure for a user nobody knows: the name as typed, the why in the reason
        assertThat(line(new AuthFailure("nb-alice", "10.0.0.7:53122", "a1b2c3d4e5f6", AuthMethod.PUBLICKEY, KEY,
                "key not authorized for this user")))
                .contains("\"user\":\"nb-alice\",");
    }

    @Test
    void everyTextFieldIsPrintableAsciiWhoeverMadeTheEvent() {
        // a newline would forge a second line; an escape sequence would repaint an operator's terminal
        String hostile = "jg\u001b[2Jalice\n{\"event\":\"auth.success\"}\u00e9\u0000";
        String printable = "jg?[2Jalice?{\"event\":\"auth.success\"}??";
        AuthFailure failure = new AuthFailure(hostile, hostile, hostile, AuthMethod.PUBLICKEY, hostile, hostile);
        assertThat(List.of(failure.user(), failure.source(), failure.session(), failure.key(), failure.reason()))
                .containsOnly(printable);
        assertThat(new SessionStart("u", "s", 0L, "login-1", "exec " + hostile).request())
                .isEqualTo("exec " + printable);
        assertThat(new BackendUnavailable("u", "s", List.of(hostile)).tried()).containsExactly(printable);
        assertThat(ConfigReloaded.refused(List.of("backends[0].name: " + hostile)).errors())
                .containsExactly("backends[0].name: " + printable);
        assertThat(new ConnectionKilled("s", hostile, hostile)).satisfies(k -> {
            assertThat(k.user()).isEqualTo(printable);
            assertThat(k.reason()).isEqualTo(printable);
        });
        assertThat(line(failure)).doesNotContain("\n").doesNotContain("\u001b");
    }

    @Test
    void aLongFieldIsCutAndSaysSo() {
        String user = "a".repeat(AuditEvent.MAX_USER + 10);
        String reason = "r".repeat(AuditEvent.MAX_TEXT + 10);
        AuthFailure failure = new AuthFailure(user, "10.0.0.7:1", "s", AuthMethod.PUBLICKEY, null, reason);
        assertThat(failure.user()).isEqualTo("a".repeat(AuditEvent.MAX_USER) + "...");
        assertThat(failure.reason()).isEqualTo("r".repeat(AuditEvent.MAX_TEXT) + "...");
    }

    @Test
    void whatMustBeThereIsRefusedWhenMissingNamingTheField() {
        assertThatThrownBy(() -> new AuthSuccess(null, "10.0.0.7:1", "s", AuthMethod.PUBLICKEY, KEY))
                .isInstanceOf(NullPointerException.class).hasMessage("user is missing");
        assertThatThrownBy(() -> new AuthFailure("u", "10.0.0.7:1", "s", AuthMethod.PUBLICKEY, KEY, null))
                .hasMessage("reason is missing");
        assertThatThrownBy(() -> new SessionStart("u", null, 0L, "login-1", "shell"))
                .hasMessage("session is missing");
        assertThatThrownBy(() -> new JumpDenied("u", "s", null, null, "why")).hasMessage("target is missing");
        assertThatThrownBy(() -> new BackendUnavailable("u", "s", null)).hasMessage("tried is missing");
        assertThatThrownBy(() -> new BackendDrained(null)).hasMessage("backend is missing");
        assertThatThrownBy(() -> ConfigReloaded.refused(null)).hasMessage("errors is missing");
        assertThatThrownBy(() -> ConfigReloaded.success(null)).hasMessage("backends is missing");
        assertThatThrownBy(() -> new ConfigReloaded(true, List.of("x"), List.of()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("errors:");
    }

    @Test
    void aListIsCopiedWhenTheEventIsMade() {
        List<String> tried = new java.util.ArrayList<>(List.of("login-1: refused"));
        BackendUnavailable event = new BackendUnavailable("u", "s", tried);
        tried.add("login-2: refused");
        assertThat(event.tried()).containsExactly("login-1: refused");
    }

    @Test
    void theMethodIsWrittenAsOpenSshNamesIt() {
        assertThat(Arrays.stream(AuthMethod.values()).map(AuthMethod::toString))
                .containsExactly("publickey", "keyboard-interactive", "remembered");
    }
}
