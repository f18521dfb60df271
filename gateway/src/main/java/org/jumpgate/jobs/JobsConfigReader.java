package org.jumpgate.jobs;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Reads the {@code jobs:} section as parsed YAML (a map), collecting every error before failing. */
final class JobsConfigReader {

    static final Set<String> KEYS = Set.of("source", "refresh", "squeue", "slurmConf", "restUrl",
            "restApiVersion", "restUser", "restTokenFile", "file");
    private final List<String> errors = new ArrayList<>();

    private JobsConfigReader() {
    }

    static JobsConfig read(Map<String, ?> section) {
        JobsConfigReader r = new JobsConfigReader();
        Map<String, ?> s = section == null ? Map.of() : section;
        for (String key : s.keySet()) {
            if (!KEYS.contains(key)) {
                r.errors.add("jobs." + key + ": unknown key: expected one of " + String.join(", ", KEYS.stream().sorted().toList()));
            }
        }
        JobsConfig.Source source = null;
        String sourceText = r.text(s, "source");
        if (sourceText != null) {
            source = JobsConfig.Source.fromKey(sourceText);
            if (source == null) {
                r.errors.add("jobs.source: '" + sourceText + "' is unknown: expected one of " + JobsConfig.keys());
            }
        }
        Duration refresh = r.duration(s, "refresh");
        String squeue = r.text(s, "squeue");
        Path slurmConf = r.path(s, "slurmConf");
        URI restUrl = r.uri(s, "restUrl");
        String version = r.text(s, "restApiVersion");
        String restUser = r.text(s, "restUser");
        Path tokenFile = r.path(s, "restTokenFile");
        Path file = r.path(s, "file");
        try {
            JobsConfig config = new JobsConfig(source, refresh, squeue, slurmConf, restUrl, version, restUser,
                    tokenFile, file);
            if (r.errors.isEmpty()) {
                return config;
            }
        } catch (InvalidJobsConfigException e) {
            for (String error : e.errors()) {
                if (sourceText == null || !error.startsWith("jobs.source:")) {
                    r.errors.add(error);
                }
            }
        }
        throw new InvalidJobsConfigException(r.errors);
    }

    private String text(Map<String, ?> s, String key) {
        Object v = s.get(key);
        if (v == null) {
            return null;
        }
        if (v instanceof Map || v instanceof List) {
            errors.add("jobs." + key + ": '" + v + "' is not a single value: expected text");
            return null;
        }
        return v.toString().strip();
    }

    private Path path(Map<String, ?> s, String key) {
        String t = text(s, key);
        return t == null || t.isEmpty() ? null : Path.of(t);
    }

    private URI uri(Map<String, ?> s, String key) {
        String t = text(s, key);
        try {
            return t == null ? null : new URI(t);
        } catch (URISyntaxException e) {
            errors.add("jobs." + key + ": '" + t + "' is not a URL: expected e.g. http://127.0.0.1:6820");
            return null;
        }
    }

    private Duration duration(Map<String, ?> s, String key) {
        String t = text(s, key);
        if (t == null) {
            return null;
        }
        try {
            return org.jumpgate.common.Durations.parse(t);
        } catch (IllegalArgumentException e) {
            errors.add("jobs." + key + ": '" + t + "' is not a duration: expected e.g. 500ms, 5s, 2m, 1h");
            return null;
        }
    }
}
