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

    /**
     * Closes the file, if this log writes one, and opens its path again (made 0640 if missing), so
     * that after logrotate has renamed it the next line goes to a new file at the path (SIGHUP,
     * {@code postrotate}). A line is written whole to the old file or to the new one, never lost or
     * written twice, whatever threads record meanwhile. If the path cannot be opened, the log goes
     * on writing to the file it had, with an error line. Does nothing for a log without a file.
     * Not a default: a log that wraps another must pass it on (a wrapper that forgot did once).
     */
    void reopen();

    /**
     * JSON lines appended to {@code file} (made 0640 if missing), and nowhere else: not on stderr
     * through {@code jumpgate.audit}, where a journal would keep a second copy of each.
     */
    static AuditLog toFile(Path file, Clock clock) throws IOException {
        return new JsonLinesAuditLog(file, clock);
    }

    /** {@code delegate}, with a counter per event name in {@code registry}. */
    static AuditLog metered(AuditLog delegate, io.micrometer.core.instrument.MeterRegistry registry) {
        return new MeteredAuditLog(delegate, registry);
    }

    /** Only the {@code jumpgate.audit} SLF4J logger (on stderr with the shipped logback.xml): no {@code audit.file}. */
    static AuditLog toLogger(Clock clock) {
        try {
            return new JsonLinesAuditLog(null, clock);
        } catch (IOException e) {
            throw new IllegalStateException("no file, no I/O", e);
        }
    }
}
