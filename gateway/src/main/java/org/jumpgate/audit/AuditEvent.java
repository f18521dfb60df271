package org.jumpgate.audit;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.List;

/**
 * Every event of the audit log, one record each. A line is {@code {"ts":..., "event":NAME, ...}}
 * followed by the record's components in declared order, under their own names; a null component
 * is left out. {@link #name()} is the {@code event} value and the {@code event} tag of
 * {@code jumpgate_events_total}. Operators' tooling reads these names, fields and values: change
 * them only as a change of the audit contract (README, "Operating it").
 *
 * <p>{@code user} is the SSH user name as given (quoted, as {@code 'name'}, in a publickey failure
 * before the user is known to exist); {@code session} is the connection's id; {@code source} is
 * the client's address as text.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public sealed interface AuditEvent {

    /** The {@code event} value, e.g. {@code auth.success}. */
    String name();

    /**
     * The user authentication methods, as OpenSSH names them, and {@code remembered}: the code step
     * skipped for a key and address that gave a right code within {@code auth.rememberSecondFactor}.
     */
    enum AuthMethod {
        PUBLICKEY("publickey"),
        KEYBOARD_INTERACTIVE("keyboard-interactive"),
        REMEMBERED("remembered");

        private final String wire;

        AuthMethod(String wire) {
            this.wire = wire;
        }

        @JsonValue
        @Override
        public String toString() {
            return wire;
        }
    }

    /** {@code auth.success}: one method passed; {@code key} is the key's fingerprint (publickey only). */
    record AuthSuccess(String user, String source, String session, AuthMethod method, String key)
            implements AuditEvent {
        public AuthSuccess {
            present(user, "user");
            present(source, "source");
            present(session, "session");
            present(method, "method");
        }

        @Override
        public String name() {
            return "auth.success";
        }
    }

    /** {@code auth.failure}: a method refused, saying why; {@code key} is the offered key's fingerprint when known. */
    record AuthFailure(String user, String source, String session, AuthMethod method, String key, String reason)
            implements AuditEvent {
        public AuthFailure {
            present(user, "user");
            present(source, "source");
            present(session, "session");
            present(method, "method");
            present(reason, "reason");
        }

        @Override
        public String name() {
            return "auth.failure";
        }
    }

    /** {@code backend.chosen}: the login node that took the backend link, on the {@code attempt}-th try. */
    record BackendChosen(String user, String session, String backend, String address, int attempt)
            implements AuditEvent {
        public BackendChosen {
            present(user, "user");
            present(session, "session");
            present(backend, "backend");
            present(address, "address");
        }

        @Override
        public String name() {
            return "backend.chosen";
        }
    }

    /** {@code backend.unavailable}: no candidate took the link; {@code tried} is one "node: why" per candidate. */
    record BackendUnavailable(String user, String session, List<String> tried) implements AuditEvent {
        public BackendUnavailable {
            present(user, "user");
            present(session, "session");
            tried = List.copyOf(present(tried, "tried"));
        }

        @Override
        public String name() {
            return "backend.unavailable";
        }
    }

    /** {@code session.start}: a shell, exec or subsystem on a session channel; {@code request} describes it. */
    record SessionStart(String user, String session, long channel, String backend, String request)
            implements AuditEvent {
        public SessionStart {
            present(user, "user");
            present(session, "session");
            present(backend, "backend");
            present(request, "request");
        }

        @Override
        public String name() {
            return "session.start";
        }
    }

    /** {@code session.end}: {@code exit} is {@code status N}, {@code signal NAME}, {@code lost} or {@code none}. */
    record SessionEnd(String user, String session, long channel, String backend, String request, String exit,
                      long bytesUp, long bytesDown, double seconds) implements AuditEvent {
        public SessionEnd {
            present(user, "user");
            present(session, "session");
            present(backend, "backend");
            present(request, "request");
            present(exit, "exit");
        }

        @Override
        public String name() {
            return "session.end";
        }
    }

    /**
     * {@code forward.remote}: a {@code -R} request ({@code tcpip-forward}, its cancel, the
     * streamlocal pair) relayed to the login node {@code via}.
     */
    record ForwardRemote(String user, String session, String request, String via, boolean ok) implements AuditEvent {
        public ForwardRemote {
            present(user, "user");
            present(session, "session");
            present(request, "request");
            present(via, "via");
        }

        @Override
        public String name() {
            return "forward.remote";
        }
    }

    /** {@code forward.local}: a {@code -L} target opened from login node {@code via}; {@code reason} when refused. */
    record ForwardLocal(String user, String session, String target, String via, boolean ok, String reason)
            implements AuditEvent {
        public ForwardLocal {
            present(user, "user");
            present(session, "session");
            present(target, "target");
            present(via, "via");
        }

        @Override
        public String name() {
            return "forward.local";
        }
    }

    /** {@code jump.allowed}: a jump to a login node or, with its {@code job}, a compute node. */
    record JumpAllowed(String user, String session, String node, int port, String job) implements AuditEvent {
        public JumpAllowed {
            present(user, "user");
            present(session, "session");
            present(node, "node");
        }

        @Override
        public String name() {
            return "jump.allowed";
        }
    }

    /** {@code jump.end}: an allowed jump's channel closed. */
    record JumpEnd(String user, String session, String node, int port, String job, long bytesUp, long bytesDown,
                   double seconds) implements AuditEvent {
        public JumpEnd {
            present(user, "user");
            present(session, "session");
            present(node, "node");
        }

        @Override
        public String name() {
            return "jump.end";
        }
    }

    /** {@code jump.denied}: a jump refused; {@code target} is host:port as asked, {@code node} when it named one. */
    record JumpDenied(String user, String session, String target, String node, String reason) implements AuditEvent {
        public JumpDenied {
            present(user, "user");
            present(session, "session");
            present(target, "target");
            present(reason, "reason");
        }

        @Override
        public String name() {
            return "jump.denied";
        }
    }

    /** {@code jump.closed}: an open compute jump closed by the gateway because its job ended. */
    record JumpClosed(String user, String session, String node, String job, String reason, long bytesUp,
                      long bytesDown) implements AuditEvent {
        public JumpClosed {
            present(user, "user");
            present(session, "session");
            present(node, "node");
            present(reason, "reason");
        }

        @Override
        public String name() {
            return "jump.closed";
        }
    }

    /** {@code connection.end}: an authenticated user connection closed. */
    record ConnectionEnd(String user, String session) implements AuditEvent {
        public ConnectionEnd {
            present(user, "user");
            present(session, "session");
        }

        @Override
        public String name() {
            return "connection.end";
        }
    }

    /** {@code connection.killed}: ended through the admin API; {@code user} is null before authentication. */
    record ConnectionKilled(String session, String user, String reason) implements AuditEvent {
        public ConnectionKilled {
            present(session, "session");
        }

        @Override
        public String name() {
            return "connection.killed";
        }
    }

    /** {@code backend.drain}: a login node set to DRAIN through the admin API. */
    record BackendDrained(String backend) implements AuditEvent {
        public BackendDrained {
            present(backend, "backend");
        }

        @Override
        public String name() {
            return "backend.drain";
        }
    }

    /** {@code backend.undrain}: a drained login node taking sessions again. */
    record BackendUndrained(String backend) implements AuditEvent {
        public BackendUndrained {
            present(backend, "backend");
        }

        @Override
        public String name() {
            return "backend.undrain";
        }
    }

    /**
     * {@code source.penalised}: connections from the address block {@code source} are refused at
     * accept for {@code seconds} because its connections ended as {@code penalty} (authfail,
     * noauth, grace-exceeded); once per penalty, not per refused connection.
     */
    record SourcePenalised(String source, String penalty, long seconds) implements AuditEvent {
        public SourcePenalised {
            present(source, "source");
            present(penalty, "penalty");
        }

        @Override
        public String name() {
            return "source.penalised";
        }
    }

    /** {@code cluster.lost}: this gateway ({@code member}) cannot reach the fleet's ZooKeeper; it works on its own state. */
    record ClusterLost(String member, String state) implements AuditEvent {
        public ClusterLost {
            present(member, "member");
        }

        @Override
        public String name() {
            return "cluster.lost";
        }
    }

    /** {@code cluster.regained}: this gateway reaches the fleet's ZooKeeper again. */
    record ClusterRegained(String member) implements AuditEvent {
        public ClusterRegained {
            present(member, "member");
        }

        @Override
        public String name() {
            return "cluster.regained";
        }
    }

    /**
     * {@code config.reload}: applied, with the login nodes now configured ({@code backends}), or
     * refused, with every reason ({@code errors}); exactly one of the two lists is there.
     */
    record ConfigReloaded(boolean applied, List<String> errors, List<String> backends) implements AuditEvent {
        public ConfigReloaded {
            if (applied) {
                backends = List.copyOf(present(backends, "backends"));
                if (errors != null) {
                    throw new IllegalArgumentException("errors: an applied reload has none");
                }
            } else {
                errors = List.copyOf(present(errors, "errors"));
                if (backends != null) {
                    throw new IllegalArgumentException("backends: a refused reload applies none");
                }
            }
        }

        /** An applied reload; {@code backends} are the login nodes' names. */
        public static ConfigReloaded success(List<String> backends) {
            return new ConfigReloaded(true, null, backends);
        }

        /** A refused reload; nothing of it was applied. */
        public static ConfigReloaded refused(List<String> errors) {
            return new ConfigReloaded(false, errors, null);
        }

        @Override
        public String name() {
            return "config.reload";
        }
    }

    private static <T> T present(T value, String field) {
        if (value == null) {
            throw new NullPointerException(field + " is missing");
        }
        return value;
    }
}
