package org.jumpgate.config;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.jumpgate.common.Durations;
import org.jspecify.annotations.Nullable;

/** Reads the {@code cpuJobs:} section into a {@link CpuJobsConfig}; its own checks join the file's errors. */
final class CpuJobsSection {

    static final Set<String> KEYS = Set.of("target", "jobName", "sbatch", "wait", "idle");

    private CpuJobsSection() {
    }

    /** The CPU-job config, or null when the section is absent (off) or wrong (every error recorded). */
    static @Nullable CpuJobsConfig read(Section s) {
        if (!s.present()) {
            return null;
        }
        s.onlyKeys(KEYS);
        String target = s.value("target", CpuJobsConfig.DEFAULT_TARGET, String::strip);
        String jobName = s.value("jobName", CpuJobsConfig.DEFAULT_JOB_NAME, String::strip);
        List<String> sbatch = s.strings("sbatch");
        Duration wait = s.value("wait", Durations.show(CpuJobsConfig.DEFAULT_WAIT), Durations::parse);
        Duration idle = s.value("idle", Durations.show(CpuJobsConfig.DEFAULT_IDLE), Durations::parse);
        if (target == null || jobName == null || wait == null || idle == null) {
            return null;
        }
        return s.build(() -> new CpuJobsConfig(target, jobName, sbatch, wait, idle));
    }
}
