package org.jumpgate.jobs;

/** Picks the {@link JobSource} that {@code jobs.source} names. */
final class JobSources {

    private JobSources() {
    }

    static JobSource forConfig(JobsConfig config) {
        return switch (config.source()) {
            case SLURM_CLI -> new SqueueSource(config.squeue(), config.slurmConf(), SqueueSource.TIMEOUT);
            case SLURMRESTD -> new RestJobSource(config.restUrl(), config.restApiVersion(), config.restUser(),
                    config.restTokenFile(), RestJobSource.TIMEOUT, RestJobSource.MAX_RESPONSE_BYTES);
            case FILE -> new FileJobSource(config.file());
        };
    }
}
