package org.jumpgate.audit;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.List;
import org.jumpgate.common.PrintableText;

/**
 * Every event of the audit log, one record each. A line is {@code {"ts":..., "event":NAME, ...}}
 * followed by the record's components in declared order, under their own names; a null component
 * is left out. {@link #name()} is the {@code event} value and the {@code event} tag of
 * {@code jumpgate_events_total}. Operators' tooling reads these names, fields and values: change
 * them only as a change of the audit contract (README, "Operating it").
 *
 * <p>{@code user} is the SSH user name as given, in every event (a failure for a user who does not
 * exist says so in its {@code reason}, not in {@code user}); {@code session} is the connection's
 * id; {@code source} is the client's address as text. Every text field, in every event, is made
 * printable ASCII when the event is made ({@link PrintableText}: control characters and anything
 * else outside {@code 0x20..0x7e} become {@code ?}), at most {@link #MAX_USER} characters for
 * {@code user} and {@link #MAX_TEXT} for the others ({@code ...} marks a cut), so no producer can
 * put a line break, an escape sequence or an unbounded string into the log.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public sealed interface AuditEvent {

    /** The longest {@code user} written; longer names are cut, with {@code ...} appended. */
    int MAX_USER = 64;

    /** The longest other text field (a reason, a request, one element of a list) written. */
    int MAX_TEXT = 1024;

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
            user = userName(user, "user");
            source = text(source, "source");
            session = text(session, "session");
            present(method, "method");
            key = optional(key);
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
            user = userName(user, "user");
            source = text(source, "source");
            session = text(session, "session");
            present(method, "method");
            key = optional(key);
            reason = text(reason, "reason");
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
            user = userName(user, "user");
            session = text(session, "session");
            backend = text(backend, "backend");
            address = text(address, "address");
        }

        @Override
        public String name() {
            return "backend.chosen";
        }
    }

    /**
     * {@code backend.reused}: a lingering backend link ({@code backendLink.linger}) of the same user,
     * key policy and pin took this connection, so no new login happened; {@code from} is the
     * connection it served before, {@code idleMillis} how long it waited for this one.
     */
    record BackendReused(String user, String session, String backend, String address, String from, long idleMillis)
            implements AuditEvent {
        public BackendReused {
            user = userName(user, "user");
            session = text(session, "session");
            backend = text(backend, "backend");
            address = text(address, "address");
            from = text(from, "from");
        }

        @Override
        public String name() {
            return "backend.reused";
        }
    }

    /** {@code backend.unavailable}: no candidate took the link; {@code tried} is one "node: why" per candidate. */
    record BackendUnavailable(String user, String session, List<String> tried) implements AuditEvent {
        public BackendUnavailable {
            user = userName(user, "user");
            session = text(session, "session");
            tried = texts(tried, "tried");
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
            user = userName(user, "user");
            session = text(session, "session");
            backend = text(backend, "backend");
            request = text(request, "request");
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
            user = userName(user, "user");
            session = text(session, "session");
            backend = text(backend, "backend");
            request = text(request, "request");
            exit = text(exit, "exit");
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
            user = userName(user, "user");
            session = text(session, "session");
            request = text(request, "request");
            via = text(via, "via");
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
            user = userName(user, "user");
            session = text(session, "session");
            target = text(target, "target");
            via = text(via, "via");
            reason = optional(reason);
        }

        @Override
        public String name() {
            return "forward.local";
        }
    }

    /**
     * {@code forward.agent}: a {@code -A} request ({@code auth-agent-req@openssh.com}) on session
     * channel {@code channel}, for login node {@code via}. {@code ok} false with a {@code reason}
     * when refused: by the gateway (the key's authorized_keys line does not permit it; the request
     * never reaches the login node) or by the login node's answer. OpenSSH asks for no answer to
     * this request: then {@code ok} true means passed on with a certificate that permits it, and
     * the login node's sshd decides.
     */
    record ForwardAgent(String user, String session, long channel, String via, boolean ok, String reason)
            implements AuditEvent {
        public ForwardAgent {
            user = userName(user, "user");
            session = text(session, "session");
            via = text(via, "via");
            reason = optional(reason);
        }

        @Override
        public String name() {
            return "forward.agent";
        }
    }

    /**
     * {@code forward.x11}: a {@code -X}/{@code -Y} request ({@code x11-req}) on session channel
     * {@code channel}, for login node {@code via}; {@code ok} and {@code reason} as for
     * {@link ForwardAgent} (OpenSSH asks for an answer to this one: {@code ok} is the login node's).
     */
    record ForwardX11(String user, String session, long channel, String via, boolean ok, String reason)
            implements AuditEvent {
        public ForwardX11 {
            user = userName(user, "user");
            session = text(session, "session");
            via = text(via, "via");
            reason = optional(reason);
        }

        @Override
        public String name() {
            return "forward.x11";
        }
    }

    /** {@code jump.allowed}: a jump to a login node or, with its {@code job}, a compute node. */
    record JumpAllowed(String user, String session, String node, int port, String job) implements AuditEvent {
        public JumpAllowed {
            user = userName(user, "user");
            session = text(session, "session");
            node = text(node, "node");
            job = optional(job);
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
            user = userName(user, "user");
            session = text(session, "session");
            node = text(node, "node");
            job = optional(job);
        }

        @Override
        public String name() {
            return "jump.end";
        }
    }

    /** {@code jump.denied}: a jump refused; {@code target} is host:port as asked, {@code node} when it named one. */
    record JumpDenied(String user, String session, String target, String node, String reason) implements AuditEvent {
        public JumpDenied {
            user = userName(user, "user");
            session = text(session, "session");
            target = text(target, "target");
            node = optional(node);
            reason = text(reason, "reason");
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
            user = userName(user, "user");
            session = text(session, "session");
            node = text(node, "node");
            job = optional(job);
            reason = text(reason, "reason");
        }

        @Override
        public String name() {
            return "jump.closed";
        }
    }

    /** {@code cpujob.submitted}: a CPU job submitted for the user, as the user ({@code sbatch}); it runs nowhere yet. */
    record CpuJobSubmitted(String user, String session, String job, String jobName) implements AuditEvent {
        public CpuJobSubmitted {
            user = userName(user, "user");
            session = text(session, "session");
            job = text(job, "job");
            jobName = text(jobName, "jobName");
        }

        @Override
        public String name() {
            return "cpujob.submitted";
        }
    }

    /** {@code cpujob.reused}: a connection taken to the user's CPU job already running on {@code node}. */
    record CpuJobReused(String user, String session, String job, String node) implements AuditEvent {
        public CpuJobReused {
            user = userName(user, "user");
            session = text(session, "session");
            job = text(job, "job");
            node = text(node, "node");
        }

        @Override
        public String name() {
            return "cpujob.reused";
        }
    }

    /**
     * {@code cpujob.cancelled}: the gateway cancelled a CPU job ({@code scancel}, as the user); {@code node}
     * when it ran somewhere, {@code reason} e.g. "idle 10m".
     */
    record CpuJobCancelled(String user, String job, String node, String reason) implements AuditEvent {
        public CpuJobCancelled {
            user = userName(user, "user");
            job = text(job, "job");
            node = optional(node);
            reason = text(reason, "reason");
        }

        @Override
        public String name() {
            return "cpujob.cancelled";
        }
    }

    /** {@code cpujob.ended}: a CPU job in use ended by itself (time limit, scancel); its channels were closed. */
    record CpuJobEnded(String user, String job, String node, int channels) implements AuditEvent {
        public CpuJobEnded {
            user = userName(user, "user");
            job = text(job, "job");
            node = text(node, "node");
        }

        @Override
        public String name() {
            return "cpujob.ended";
        }
    }

    /** {@code connection.end}: an authenticated user connection closed. */
    record ConnectionEnd(String user, String session) implements AuditEvent {
        public ConnectionEnd {
            user = userName(user, "user");
            session = text(session, "session");
        }

        @Override
        public String name() {
            return "connection.end";
        }
    }

    /** {@code connection.killed}: ended through the admin API; {@code user} is null before authentication. */
    record ConnectionKilled(String session, String user, String reason) implements AuditEvent {
        public ConnectionKilled {
            session = text(session, "session");
            user = user == null ? null : userName(user, "user");
            reason = optional(reason);
        }

        @Override
        public String name() {
            return "connection.killed";
        }
    }

    /** {@code backend.drain}: a login node set to DRAIN through the admin API. */
    record BackendDrained(String backend) implements AuditEvent {
        public BackendDrained {
            backend = text(backend, "backend");
        }

        @Override
        public String name() {
            return "backend.drain";
        }
    }

    /** {@code backend.undrain}: a drained login node taking sessions again. */
    record BackendUndrained(String backend) implements AuditEvent {
        public BackendUndrained {
            backend = text(backend, "backend");
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
            source = text(source, "source");
            penalty = text(penalty, "penalty");
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
                backends = texts(backends, "backends");
                if (errors != null) {
                    throw new IllegalArgumentException("errors: an applied reload has none");
                }
            } else {
                errors = texts(errors, "errors");
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

    /** {@code user}: the SSH user name as given, printable ASCII, at most {@value #MAX_USER} characters. */
    private static String userName(String value, String field) {
        return PrintableText.of(present(value, field), MAX_USER);
    }

    /** Any other text: printable ASCII, at most {@value #MAX_TEXT} characters. */
    private static String text(String value, String field) {
        return PrintableText.of(present(value, field), MAX_TEXT);
    }

    /** An optional text: null stays null (left out of the line). */
    private static String optional(String value) {
        return value == null ? null : PrintableText.of(value, MAX_TEXT);
    }

    /** A list of texts, each as {@link #text}, copied. */
    private static List<String> texts(List<String> values, String field) {
        return present(values, field).stream().map(v -> PrintableText.of(v, MAX_TEXT)).toList();
    }

    private static <T> T present(T value, String field) {
        if (value == null) {
            throw new NullPointerException(field + " is missing");
        }
        return value;
    }
}
