package org.jumpgate.jobs;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;

/**
 * Parses slurmrestd's (and {@code squeue --json}'s) {@code /jobs} answer, streaming through the
 * {@code jobs} array one job at a time. Reads v0.0.38 (Slurm 22.05: {@code job_state} a string,
 * numbers plain) and the later shape ({@code job_state} a list, numbers as {@code {set, number}}).
 */
final class RestJobsParser {

    /** What the answer held: RUNNING jobs, and the {@code errors} slurmrestd reported. */
    record Parsed(List<RunningJob> jobs, List<String> errors) {
    }

    static final int MAX_ERROR_CHARS = 300;

    private static final Logger LOG = LoggerFactory.getLogger(RestJobsParser.class);
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final JsonFactory FACTORY = MAPPER.getFactory();

    private RestJobsParser() {
    }

    static Parsed parse(InputStream in) throws IOException {
        List<RunningJob> jobs = new ArrayList<>();
        List<String> errors = new ArrayList<>();
        try (JsonParser p = FACTORY.createParser(in)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                throw new IOException("expected a JSON object");
            }
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String field = p.currentName();
                JsonToken value = p.nextToken();
                if (field.equals("jobs") && value == JsonToken.START_ARRAY) {
                    while (p.nextToken() != JsonToken.END_ARRAY) {
                        addJob(MAPPER.readTree(p), jobs);
                    }
                } else if (field.equals("errors") && value == JsonToken.START_ARRAY) {
                    for (JsonNode e : (JsonNode) MAPPER.readTree(p)) {
                        errors.add(describe(e));
                    }
                } else {
                    p.skipChildren();
                }
            }
        }
        return new Parsed(jobs, errors);
    }

    private static void addJob(JsonNode job, List<RunningJob> jobs) {
        if (!isRunning(job.get("job_state"))) {
            return;
        }
        OptionalLong id = number(job.get("job_id"));
        String user = job.path("user_name").asText("");
        String nodes = job.path("nodes").asText("");
        if (id.isEmpty() || user.isBlank()) {
            LOG.warn("slurmrestd job skipped: no job id or user name (job_id={})", job.get("job_id"));
            return;
        }
        try {
            List<String> names = Hostlist.expand(nodes);
            if (names.isEmpty()) {
                LOG.warn("slurmrestd job {} skipped: RUNNING without nodes", id.getAsLong());
                return;
            }
            jobs.add(new RunningJob(displayId(job, id.getAsLong()), user, names));
        } catch (IllegalArgumentException e) {
            LOG.warn("slurmrestd job {} skipped: {}", id.getAsLong(), e.getMessage());
        }
    }

    /** The id as squeue shows it: {@code array_task}, {@code het+offset}, or the job id. */
    private static String displayId(JsonNode job, long id) {
        OptionalLong arrayJob = number(job.get("array_job_id"));
        OptionalLong task = number(job.get("array_task_id"));
        if (arrayJob.isPresent() && arrayJob.getAsLong() > 0 && task.isPresent()) {
            return arrayJob.getAsLong() + "_" + task.getAsLong();
        }
        OptionalLong het = number(job.get("het_job_id"));
        OptionalLong offset = number(job.get("het_job_offset"));
        if (het.isPresent() && het.getAsLong() > 0 && offset.isPresent()) {
            return het.getAsLong() + "+" + offset.getAsLong();
        }
        return Long.toString(id);
    }

    private static boolean isRunning(JsonNode state) {
        if (state == null) {
            return false;
        }
        if (state.isArray()) {
            for (JsonNode s : state) {
                if ("RUNNING".equals(s.asText())) {
                    return true;
                }
            }
            return false;
        }
        return "RUNNING".equals(state.asText());
    }

    /** A plain integer, or {@code {"set": true, "number": n}}; empty for null, unset or infinite. */
    static OptionalLong number(JsonNode n) {
        if (n == null || n.isNull()) {
            return OptionalLong.empty();
        }
        if (n.isIntegralNumber() && n.canConvertToLong() && n.asLong() >= 0) {
            return OptionalLong.of(n.asLong());
        }
        if (n.isObject() && n.path("set").asBoolean(true) && !n.path("infinite").asBoolean(false)) {
            return number(n.get("number"));
        }
        return OptionalLong.empty();
    }

    private static String describe(JsonNode e) {
        String text = e.path("description").asText("");
        if (text.isBlank()) {
            text = e.path("error").asText("");
        }
        if (text.isBlank()) {
            text = e.toString();
        }
        return text.length() > MAX_ERROR_CHARS ? text.substring(0, MAX_ERROR_CHARS) + "..." : text;
    }
}
