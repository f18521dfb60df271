package org.jumpgate.jobs;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * Jobs from a YAML file {@code user: [node, ...]} (each entry a node name or a hostlist such as
 * {@code cn-a[001-002]}), for demos and tests. Each user has one job, id {@link #JOB_ID}. The
 * file is read at every refresh and parsed again when its bytes changed; a broken file is an
 * unavailable scheduler (the last good content serves until the snapshot goes stale).
 */
final class FileJobSource implements JobSource {

    static final String JOB_ID = "file";
    static final int MAX_FILE_BYTES = 4 << 20;

    private static final Logger LOG = LoggerFactory.getLogger(FileJobSource.class);
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    private final Path file;
    private byte[] lastBytes;
    private List<RunningJob> lastJobs;

    FileJobSource(Path file) {
        this.file = file;
    }

    @Override
    public synchronized List<RunningJob> fetch() throws SchedulerUnavailableException {
        byte[] bytes;
        try (InputStream in = Files.newInputStream(file)) {
            bytes = in.readNBytes(MAX_FILE_BYTES + 1);
        } catch (IOException e) {
            throw new SchedulerUnavailableException("cannot read job file " + file + ": " + e.getClass().getSimpleName(), e);
        }
        if (bytes.length > MAX_FILE_BYTES) {
            throw new SchedulerUnavailableException("job file " + file + " is larger than " + MAX_FILE_BYTES + " bytes");
        }
        if (lastJobs != null && Arrays.equals(bytes, lastBytes)) {
            return lastJobs;
        }
        List<RunningJob> jobs = parse(bytes);
        LOG.info("job file {} (re)loaded: {} users with jobs", file, jobs.size());
        lastBytes = bytes;
        lastJobs = jobs;
        return jobs;
    }

    private List<RunningJob> parse(byte[] bytes) throws SchedulerUnavailableException {
        JsonNode root;
        try {
            root = YAML.readTree(bytes);
        } catch (IOException e) {
            throw new SchedulerUnavailableException("job file " + file + " is not YAML: " + firstLine(e.getMessage()), e);
        }
        List<RunningJob> jobs = new ArrayList<>();
        if (root == null || root.isMissingNode() || root.isNull()) {
            return jobs;
        }
        if (!root.isObject()) {
            throw bad("expected a map of user: [node, ...]");
        }
        for (Map.Entry<String, JsonNode> entry : root.properties()) {
            String user = entry.getKey().strip();
            JsonNode list = entry.getValue();
            List<String> nodes = new ArrayList<>();
            if (list.isTextual()) {
                nodes.addAll(expand(user, list.asText()));
            } else if (list.isArray()) {
                for (JsonNode node : list) {
                    if (!node.isTextual()) {
                        throw bad("user " + user + ": '" + node + "' is not a node name");
                    }
                    nodes.addAll(expand(user, node.asText()));
                }
            } else if (!list.isNull()) {
                throw bad("user " + user + ": expected a list of node names");
            }
            if (!user.isEmpty() && !nodes.isEmpty()) {
                jobs.add(new RunningJob(JOB_ID, user, nodes));
            }
        }
        return jobs;
    }

    private List<String> expand(String user, String hostlist) throws SchedulerUnavailableException {
        try {
            return Hostlist.expand(hostlist);
        } catch (IllegalArgumentException e) {
            throw bad("user " + user + ": " + e.getMessage());
        }
    }

    private SchedulerUnavailableException bad(String why) {
        return new SchedulerUnavailableException("job file " + file + ": " + why);
    }

    private static String firstLine(String s) {
        return s == null ? "" : s.lines().findFirst().orElse("");
    }
}
