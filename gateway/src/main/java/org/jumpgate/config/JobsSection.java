package org.jumpgate.config;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Set;
import org.jumpgate.common.ConfigException;
import org.jumpgate.common.Durations;
import org.jumpgate.jobs.JobsConfig;
import org.jspecify.annotations.Nullable;

/** Reads the {@code jobs:} section into a {@link JobsConfig}; its own checks join the file's errors. */
final class JobsSection {

    static final Set<String> KEYS = Set.of("source", "refresh", "squeue", "slurmConf", "restUrl",
            "restApiVersion", "restUser", "restTokenFile", "file");

    private JobsSection() {
    }

    /** The jobs config, or null when the section is absent or wrong (every error recorded in {@code jobs}). */
    static @Nullable JobsConfig read(Section jobs) {
        if (!jobs.present()) {
            return null;
        }
        jobs.onlyKeys(KEYS);
        String sourceText = jobs.value("source", null, String::strip);
        JobsConfig.Source source = null;
        if (sourceText != null) {
            source = JobsConfig.Source.fromKey(sourceText);
            if (source == null) {
                jobs.error("source", "'" + sourceText + "' is unknown: expected one of " + JobsConfig.keys());
            }
        }
        JobsConfig.Source s = source;
        var refresh = jobs.value("refresh", null, Durations::parse);
        String squeue = jobs.value("squeue", null, String::strip);
        var slurmConf = jobs.path("slurmConf", null);
        URI restUrl = jobs.value("restUrl", null, JobsSection::url);
        String version = jobs.value("restApiVersion", null, String::strip);
        String restUser = jobs.value("restUser", null, String::strip);
        var tokenFile = jobs.path("restTokenFile", null);
        var file = jobs.path("file", null);
        try {
            return new JobsConfig(s, refresh, squeue, slurmConf, restUrl, version, restUser, tokenFile, file);
        } catch (ConfigException e) {
            // a source that was given but is unknown is already reported; the record only saw null
            e.errors().stream().filter(line -> sourceText == null || !line.startsWith("jobs.source:"))
                    .forEach(jobs::error);
            return null;
        }
    }

    private static URI url(String text) {
        try {
            return new URI(text.strip());
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("expected a URL such as http://127.0.0.1:6820");
        }
    }
}
