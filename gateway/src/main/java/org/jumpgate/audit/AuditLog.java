package org.jumpgate.audit;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;

/** Where audit events go. Implementations are thread-safe; {@link #close()} is idempotent. */
public interface AuditLog extends AutoCloseable {

    /** Records {@code event}: one line with its name and its fields (see {@link AuditEvent}). */
    void record(AuditEvent event);

    @Override
    void close();

    /** JSON lines appended to {@code file} (made 0640 if missing), each also logged to {@code jumpgate.audit}. */
    static AuditLog toFile(Path file, Clock clock) throws IOException {
        return new JsonLinesAuditLog(file, clock);
    }

    /** {@code delegate}, with a counter per event name in {@code registry}. */
    static AuditLog metered(AuditLog delegate, io.micrometer.core.instrument.MeterRegistry registry) {
        return new MeteredAuditLog(delegate, registry);
    }

    /** Only the {@code jumpgate.audit} SLF4J logger. */
    static AuditLog toLogger(Clock clock) {
        try {
            return new JsonLinesAuditLog(null, clock);
        } catch (IOException e) {
            throw new IllegalStateException("no file, no I/O", e);
        }
    }
}
