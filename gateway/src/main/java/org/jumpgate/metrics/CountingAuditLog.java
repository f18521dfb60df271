package org.jumpgate.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.jumpgate.audit.AuditEvent;
import org.jumpgate.audit.AuditLog;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Counts what the audit events say into metrics on their way through: authentication failures by
 * reason, jumps by outcome, sessions by kind (started, open now), bytes relayed by direction when
 * a session or jump ends. Counting never stops an event from being recorded.
 */
final class CountingAuditLog implements AuditLog {

    private static final Logger LOG = LoggerFactory.getLogger(CountingAuditLog.class);

    private final AuditLog delegate;
    private final Map<AuthFailureReason, Counter> authFailures = new EnumMap<>(AuthFailureReason.class);
    private final Map<JumpOutcome, Counter> jumps = new EnumMap<>(JumpOutcome.class);
    private final Map<SessionKind, Counter> started = new EnumMap<>(SessionKind.class);
    private final Map<SessionKind, AtomicInteger> open = new EnumMap<>(SessionKind.class);
    private final Counter sessionUp;
    private final Counter sessionDown;
    private final Counter jumpUp;
    private final Counter jumpDown;

    CountingAuditLog(AuditLog delegate, MeterRegistry registry) {
        this.delegate = delegate;
        for (AuthFailureReason r : AuthFailureReason.values()) {
            authFailures.put(r, Counter.builder("jumpgate.auth.failures").tag("reason", r.tag())
                    .description("user authentication methods refused, by reason").register(registry));
        }
        for (JumpOutcome o : JumpOutcome.values()) {
            jumps.put(o, Counter.builder("jumpgate.jumps").tag("outcome", o.outcome).tag("reason", o.reason)
                    .description("direct-tcpip jumps to login and compute nodes, by outcome").register(registry));
        }
        for (SessionKind k : SessionKind.values()) {
            started.put(k, Counter.builder("jumpgate.sessions.started").tag("kind", k.tag())
                    .description("channels started, by kind").register(registry));
            if (k != SessionKind.FORWARD) { // a -L forward's end is not audited: no open count
                AtomicInteger n = new AtomicInteger();
                open.put(k, n);
                Gauge.builder("jumpgate.sessions.open", n, AtomicInteger::get).tag("kind", k.tag())
                        .description("channels open now, by kind").register(registry);
            }
        }
        sessionUp = bytes(registry, "up", "session");
        sessionDown = bytes(registry, "down", "session");
        jumpUp = bytes(registry, "up", "jump");
        jumpDown = bytes(registry, "down", "jump");
    }

    private static Counter bytes(MeterRegistry registry, String direction, String channel) {
        return Counter.builder("jumpgate.relayed").baseUnit("bytes").tag("direction", direction)
                .tag("channel", channel)
                .description("bytes relayed (up: from users, down: to users), counted when the channel ends")
                .register(registry);
    }

    @Override
    public void record(AuditEvent event) {
        try {
            count(event);
        } catch (RuntimeException e) {
            LOG.debug("counting {} into metrics: {}", event.name(), e.toString());
        }
        delegate.record(event);
    }

    private void count(AuditEvent event) {
        if (event instanceof AuditEvent.AuthFailure f) {
            authFailures.get(AuthFailureReason.of(f.reason())).increment();
        } else if (event instanceof AuditEvent.SessionStart s) {
            SessionKind k = SessionKind.ofRequest(s.request());
            if (k != null) {
                started.get(k).increment();
                open.get(k).incrementAndGet();
            }
        } else if (event instanceof AuditEvent.SessionEnd s) {
            SessionKind k = SessionKind.ofRequest(s.request());
            if (k != null) {
                open.get(k).decrementAndGet();
            }
            sessionUp.increment(s.bytesUp());
            sessionDown.increment(s.bytesDown());
        } else if (event instanceof AuditEvent.JumpAllowed j) {
            jumps.get(j.job() != null ? JumpOutcome.ALLOWED_COMPUTE_NODE : JumpOutcome.ALLOWED_LOGIN_NODE).increment();
            started.get(SessionKind.JUMP).increment();
            open.get(SessionKind.JUMP).incrementAndGet();
        } else if (event instanceof AuditEvent.JumpEnd j) {
            open.get(SessionKind.JUMP).decrementAndGet();
            jumpUp.increment(j.bytesUp());
            jumpDown.increment(j.bytesDown());
        } else if (event instanceof AuditEvent.JumpDenied j) {
            jumps.get(JumpOutcome.denied(j.reason())).increment();
        } else if (event instanceof AuditEvent.JumpClosed) {
            jumps.get(JumpOutcome.CLOSED_JOB_ENDED).increment(); // its bytes come with its jump.end
        } else if (event instanceof AuditEvent.ForwardLocal f && f.ok()) {
            started.get(SessionKind.FORWARD).increment();
        }
    }

    @Override
    public void reopen() {
        delegate.reopen();
    }

    @Override
    public void close() {
        delegate.close();
    }
}
