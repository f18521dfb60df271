package org.jumpgate.audit;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One JSON object per line: {@code {"ts":..., "event":..., fields...}}, the fields being the
 * event record's components in declared order, null ones left out. Written to the file when there
 * is one, else to the {@code jumpgate.audit} logger; never both. Writes, {@link #reopen()} and
 * {@link #close()} hold this object's lock, so each line goes whole to exactly one file.
 */
final class JsonLinesAuditLog implements AuditLog {

    /** The events, when there is no file. */
    private static final Logger EVENTS = LoggerFactory.getLogger("jumpgate.audit");
    private static final Logger LOG = LoggerFactory.getLogger(JsonLinesAuditLog.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Clock clock;
    private final Path file;
    private Writer out;
    private boolean closed;

    JsonLinesAuditLog(Path file, Clock clock) throws IOException {
        this.clock = clock;
        this.file = file;
        this.out = file == null ? null : open(file);
    }

    private static Writer open(Path file) throws IOException {
        Files.createDirectories(file.toAbsolutePath().getParent());
        if (!Files.exists(file)) {
            Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-r-----")));
        }
        return Files.newBufferedWriter(file, StandardCharsets.UTF_8, StandardOpenOption.APPEND);
    }

    @Override
    public void record(AuditEvent event) {
        String json = line(clock.instant().toString(), event);
        if (file == null) {
            EVENTS.info(json);
            return;
        }
        synchronized (this) {
            if (closed) {
                return;
            }
            try {
                out.write(json);
                out.write('\n');
                out.flush();
            } catch (IOException e) {
                LOG.error("cannot write the audit file {}: {}", file, e.getMessage());
            }
        }
    }

    /** {@code event} as one JSON object, {@code ts} and {@code event} first. */
    static String line(String ts, AuditEvent event) {
        try {
            ObjectNode line = JSON.createObjectNode();
            line.put("ts", ts);
            line.put("event", event.name());
            line.setAll((ObjectNode) JSON.valueToTree(event));
            return JSON.writeValueAsString(line);
        } catch (JsonProcessingException e) {
            return "{\"event\":\"audit.error\",\"error\":\"" + e.getOriginalMessage() + "\"}";
        } catch (IllegalArgumentException e) { // valueToTree wraps what it could not write
            return "{\"event\":\"audit.error\",\"error\":\"" + e.getMessage() + "\"}";
        }
    }

    @Override
    public synchronized void reopen() {
        if (closed || file == null) {
            return;
        }
        Writer next;
        try {
            next = open(file); // first, so that a path that cannot be opened leaves the old file in use
        } catch (IOException | RuntimeException e) {
            LOG.error("cannot reopen the audit file {}, still writing to the one open before: {}", file,
                    e.toString());
            return;
        }
        try {
            out.close();
        } catch (IOException e) {
            LOG.warn("closing the audit file before reopening {}: {}", file, e.getMessage());
        }
        out = next;
        LOG.info("reopened the audit file {}", file);
    }

    @Override
    public synchronized void close() {
        if (closed || out == null) {
            closed = true;
            return;
        }
        closed = true;
        try {
            out.close();
        } catch (IOException e) {
            LOG.warn("closing the audit file: {}", e.getMessage());
        }
    }
}
