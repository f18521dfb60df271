package org.jumpgate.harness;

import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.jumpgate.audit.AuditEvent;
import org.jumpgate.audit.AuditLog;

/** An audit log that keeps every event in memory, for tests to read back. */
public final class RecordingAuditLog implements AuditLog {

    /** One audit event: its name and its fields (the record's components), in declared order. */
    public record Event(String name, Map<String, Object> fields) {
        public Object get(String field) {
            return fields.get(field);
        }
    }

    private final List<Event> events = new CopyOnWriteArrayList<>();

    @Override
    public void record(AuditEvent event) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (RecordComponent c : event.getClass().getRecordComponents()) {
            try {
                m.put(c.getName(), c.getAccessor().invoke(event));
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException("cannot read " + c.getName() + " of " + event.name(), e);
            }
        }
        events.add(new Event(event.name(), m));
    }

    /** Every event so far. */
    public List<Event> events() {
        return new ArrayList<>(events);
    }

    /** The events named {@code name} so far, in order. */
    public List<Event> events(String name) {
        return events.stream().filter(e -> e.name().equals(name)).toList();
    }

    /** The events named {@code name} whose {@code user} field is {@code user}. */
    public List<Event> events(String name, String user) {
        return events(name).stream().filter(e -> user.equals(String.valueOf(e.get("user")))).toList();
    }

    @Override
    public void reopen() {
    }

    @Override
    public void close() {
        // nothing held
    }
}
