package org.jumpgate.audit;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** Counts every audit event by name ({@code jumpgate_events_total{event="auth.failure"}}) on its way through. */
final class MeteredAuditLog implements AuditLog {

    private final AuditLog delegate;
    private final MeterRegistry registry;
    private final Map<String, Counter> counters = new ConcurrentHashMap<>();

    MeteredAuditLog(AuditLog delegate, MeterRegistry registry) {
        this.delegate = delegate;
        this.registry = registry;
    }

    @Override
    public void record(AuditEvent event) {
        counters.computeIfAbsent(event.name(), e -> Counter.builder("jumpgate.events").tag("event", e)
                .description("audit events by name").register(registry)).increment();
        delegate.record(event);
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
