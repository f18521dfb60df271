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
 * event record's components in declared order, null ones left out.
 */
final class JsonLinesAuditLog implements AuditLog {

    private static final Logger LOG = LoggerFactory.getLogger("jumpgate.audit");
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Clock clock;
    private final Writer out;
    private boolean closed;

    JsonLinesAuditLog(Path file, Clock clock) throws IOException {
        this.clock = clock;
        if (file == null) {
            this.out = null;
            return;
        }
        Files.createDirectories(file.toAbsolutePath().getParent());
        if (!Files.exists(file)) {
            Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-r-----")));
        }
        this.out = Files.newBufferedWriter(file, StandardCharsets.UTF_8, StandardOpenOption.APPEND);
    }

    @Override
    public void record(AuditEvent event) {
        String json = line(clock.instant().toString(), event);
        LOG.info(json);
        if (out != null) {
            synchronized (this) {
                if (closed) {
                    return;
                }
                try {
                    out.write(json);
                    out.write('\n');
                    out.flush();
                } catch (IOException e) {
                    LOG.error("cannot write the audit file: {}", e.getMessage());
                }
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
