package org.jumpgate.jobs;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Parses {@code squeue --noheader --format=%i|%u|%T|%N}: job id (with {@code _task} for array
 * tasks, {@code +offset} for heterogeneous components), user, state, hostlist. Blank lines and
 * surrounding whitespace are ignored; a malformed line is skipped and logged (the first
 * {@link #MAX_LOGGED_BAD_LINES} of each call), so its job is denied rather than guessed at.
 */
final class SqueueParser {

    static final String FORMAT = "%i|%u|%T|%N";
    static final int MAX_LOGGED_BAD_LINES = 5;
    static final int MAX_SHOWN_LINE = 200;

    private static final Logger LOG = LoggerFactory.getLogger(SqueueParser.class);
    private static final Pattern JOB_ID = Pattern.compile("\\d{1,19}(?:_\\d{1,10}|\\+\\d{1,10})?");
    private static final Pattern USER = Pattern.compile("[^\\s|]{1,256}");
    private static final String RUNNING = "RUNNING";

    private SqueueParser() {
    }

    static List<RunningJob> parse(String output) {
        List<RunningJob> jobs = new ArrayList<>();
        int bad = 0;
        String[] lines = output.split("\\R", -1);
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i].strip();
            if (line.isEmpty()) {
                continue;
            }
            String why = parseLine(line, jobs);
            if (why != null) {
                bad++;
                if (bad <= MAX_LOGGED_BAD_LINES) {
                    LOG.warn("squeue line {} skipped ({}): {}", i + 1, why, shown(line));
                }
            }
        }
        if (bad > MAX_LOGGED_BAD_LINES) {
            LOG.warn("{} more malformed squeue lines skipped", bad - MAX_LOGGED_BAD_LINES);
        }
        return jobs;
    }

    /** Adds the line's job to {@code jobs} if it is RUNNING; returns why it is malformed, or null. */
    private static String parseLine(String line, List<RunningJob> jobs) {
        String[] fields = line.split("\\|", -1);
        if (fields.length != 4) {
            return "expected 4 fields separated by '|', found " + fields.length;
        }
        String jobId = fields[0].strip();
        String user = fields[1].strip();
        String state = fields[2].strip();
        String nodes = fields[3].strip();
        if (!JOB_ID.matcher(jobId).matches()) {
            return "bad job id";
        }
        if (!USER.matcher(user).matches()) {
            return "bad user";
        }
        if (!RUNNING.equals(state)) {
            return state.chars().allMatch(c -> c >= 'A' && c <= 'Z' || c == '_') && !state.isEmpty()
                    ? null : "bad state";
        }
        List<String> names;
        try {
            names = Hostlist.expand(nodes);
        } catch (IllegalArgumentException e) {
            return e.getMessage();
        }
        if (names.isEmpty()) {
            return "no nodes";
        }
        jobs.add(new RunningJob(jobId, user, names));
        return null;
    }

    private static String shown(String line) {
        return line.length() > MAX_SHOWN_LINE ? line.substring(0, MAX_SHOWN_LINE) + "..." : line;
    }
}
