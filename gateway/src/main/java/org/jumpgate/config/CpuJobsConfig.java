package org.jumpgate.config;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;
import org.jumpgate.common.ConfigException;
import org.jumpgate.common.Durations;

/**
 * The {@code cpuJobs} section: the CPU-job target ({@code ssh mila-cpu}). A user who connects to
 * {@code target} (a listener bound to it, or a jump to that name) is taken to the compute node of
 * their RUNNING job named {@code jobName}, one submitted for them (as them) with the operator's
 * {@code sbatch} flags when they have none.
 *
 * @param target  the name users connect to, e.g. {@code cpu}
 * @param jobName the Slurm job name of these jobs, e.g. {@code jumpgate-cpu}
 * @param sbatch  the operator's sbatch flags, e.g. {@code --cpus-per-task=2}; users cannot add their own
 * @param pendingWait {@code wait}: how long a connection waits for a PENDING job before it is refused (the job is kept)
 * @param idle    how long a job with no channel left is kept before it is cancelled
 */
public record CpuJobsConfig(String target, String jobName, List<String> sbatch, Duration pendingWait, Duration idle) {

    public static final String DEFAULT_TARGET = "cpu";
    public static final String DEFAULT_JOB_NAME = "jumpgate-cpu";
    public static final Duration DEFAULT_WAIT = Duration.ofSeconds(60);
    public static final Duration DEFAULT_IDLE = Duration.ofMinutes(10);
    /** Longest {@code wait}: a connection held longer than this is a hung client to everyone. */
    static final Duration MAX_WAIT = Duration.ofMinutes(30);
    /** Longest {@code idle}. */
    static final Duration MAX_IDLE = Duration.ofDays(7);
    /** At most this many operator flags. */
    static final int MAX_FLAGS = 32;
    private static final Pattern NAME = Pattern.compile("[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?");
    private static final Pattern JOB_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");
    /** One sbatch option as a single word: {@code --mem=8G}, {@code -c2}; no spaces, quotes or shell characters. */
    private static final Pattern FLAG = Pattern.compile("-[A-Za-z0-9-]+(=[A-Za-z0-9_.:,/@%+=-]*)?|-[A-Za-z]"
            + "[A-Za-z0-9_.:,/@%+=-]+");

    public CpuJobsConfig {
        Objects.requireNonNull(target, "cpuJobs.target");
        Objects.requireNonNull(jobName, "cpuJobs.jobName");
        Objects.requireNonNull(pendingWait, "cpuJobs.wait");
        Objects.requireNonNull(idle, "cpuJobs.idle");
        sbatch = List.copyOf(sbatch);
        List<String> errors = new ArrayList<>();
        if (!NAME.matcher(target).matches()) {
            errors.add("cpuJobs.target: '" + target + "', expected a host name label such as cpu");
        }
        if (!JOB_NAME.matcher(jobName).matches()) {
            errors.add("cpuJobs.jobName: '" + jobName + "', expected letters, digits, '.', '_' or '-' "
                    + "(at most 64) such as jumpgate-cpu");
        }
        if (sbatch.size() > MAX_FLAGS) {
            errors.add("cpuJobs.sbatch: " + sbatch.size() + " flags, expected at most " + MAX_FLAGS);
        }
        for (String f : sbatch) {
            if (!FLAG.matcher(f).matches()) {
                errors.add("cpuJobs.sbatch: '" + f + "', expected one sbatch option as one word such as --mem=8G");
            } else if (f.startsWith("--job-name") || f.startsWith("-J") || f.startsWith("--wrap")) {
                errors.add("cpuJobs.sbatch: '" + f + "', expected no job name or script (the gateway sets "
                        + "--job-name from cpuJobs.jobName)");
            }
        }
        if (pendingWait.compareTo(Duration.ofSeconds(1)) < 0 || pendingWait.compareTo(MAX_WAIT) > 0) {
            errors.add("cpuJobs.wait: " + Durations.show(pendingWait) + ", expected 1s.." + Durations.show(MAX_WAIT));
        }
        if (idle.isNegative() || idle.compareTo(MAX_IDLE) > 0) {
            errors.add("cpuJobs.idle: " + Durations.show(idle) + ", expected 0s.." + Durations.show(MAX_IDLE));
        }
        if (!errors.isEmpty()) {
            throw new ConfigException(errors);
        }
    }
}
