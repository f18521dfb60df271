package org.jumpgate.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.jumpgate.common.ConfigException;
import org.jumpgate.common.HostPort;
import org.junit.jupiter.api.Test;

/** The {@code cpuJobs:} section and listeners bound to its target, read as the gateway reads its file. */
class CpuJobsConfigTest {

    private static final Path BASE = Path.of("/etc/jumpgate");
    private static final String BASE_YAML = """
            auth:
              authorizedKeys: /etc/jumpgate/keys/%u
              totpSecrets: /etc/jumpgate/totp/%u
            backends:
              - name: login-1
                address: "10.0.0.11:22"
            jobs:
              source: slurm-cli
            """;

    private static GatewayConfig parse(String extra) {
        return ConfigLoader.parse(BASE_YAML + extra, BASE);
    }

    private static List<String> refused(String extra) {
        return catchThrowableOfType(ConfigException.class, () -> parse(extra)).errors();
    }

    @Test
    void absentSectionMeansOff() {
        assertThat(parse("").cpuJobs()).isNull();
    }

    @Test
    void defaultsFillWhatIsLeftOutAndAListenerNamesTheTarget() {
        GatewayConfig c = parse("""
                cpuJobs: {}
                listeners:
                  - listen: "10.0.0.3:2222"
                    target: cpu
                  - listen: "10.0.0.4:2222"
                    backend: login-1
                """);
        assertThat(c.cpuJobs()).isEqualTo(new CpuJobsConfig("cpu", "jumpgate-cpu", List.of(), Duration.ofSeconds(60),
                Duration.ofMinutes(10)));
        assertThat(c.listeners()).containsExactly(new PinnedListener(new HostPort("10.0.0.3", 2222), null, "cpu"),
                new PinnedListener(new HostPort("10.0.0.4", 2222), "login-1"));
        assertThat(c.listeners().get(0).cpuTarget()).isTrue();
    }

    @Test
    void everyKeyIsRead() {
        GatewayConfig c = parse("""
                cpuJobs:
                  target: cpu-small
                  jobName: jg-cpu
                  sbatch: ["--cpus-per-task=2", "--mem=8G", "--time=1-00:00:00"]
                  wait: 90s
                  idle: 20m
                """);
        assertThat(c.cpuJobs()).isEqualTo(new CpuJobsConfig("cpu-small", "jg-cpu",
                List.of("--cpus-per-task=2", "--mem=8G", "--time=1-00:00:00"), Duration.ofSeconds(90),
                Duration.ofMinutes(20)));
    }

    @Test
    void everyErrorIsListedAtOnceWithKeyValueAndExpectation() {
        assertThat(refused("""
                cpuJobs:
                  target: "Not A Name"
                  jobName: "x y"
                  sbatch: ["--mem=8G; rm -rf ~", "--job-name=mine"]
                  wait: 2h
                  idle: soon
                  colour: blue
                """)).containsExactlyInAnyOrder(
                "cpuJobs.colour: unknown key, expected one of [idle, jobName, sbatch, target, wait]",
                "cpuJobs.idle: 'soon' is not a duration, expected e.g. 500ms, 5s, 10m, 12h");
        assertThat(refused("""
                cpuJobs:
                  target: "Not A Name"
                  jobName: "x y"
                  sbatch: ["--mem=8G; rm -rf ~", "--job-name=mine"]
                  wait: 2h
                """)).containsExactlyInAnyOrder(
                "cpuJobs.target: 'Not A Name', expected a host name label such as cpu",
                "cpuJobs.jobName: 'x y', expected letters, digits, '.', '_' or '-' (at most 64) such as jumpgate-cpu",
                "cpuJobs.sbatch: '--mem=8G; rm -rf ~', expected one sbatch option as one word such as --mem=8G",
                "cpuJobs.sbatch: '--job-name=mine', expected no job name or script (the gateway sets --job-name "
                        + "from cpuJobs.jobName)",
                "cpuJobs.wait: 2h, expected 1s..30m");
    }

    @Test
    void aListenerNamesABackendOrTheTargetNeverBothNorAnUnknownTarget() {
        assertThat(refused("""
                cpuJobs: {target: cpu}
                listeners:
                  - listen: "10.0.0.3:2222"
                    target: cpu
                    backend: login-1
                  - listen: "10.0.0.4:2222"
                """)).containsExactlyInAnyOrder(
                "listeners: 10.0.0.3:2222 names both backend 'login-1' and target 'cpu', expected one of them",
                "listeners: 10.0.0.4:2222 names neither backend nor target, expected one of them (a login node "
                        + "or cpuJobs.target)");
        assertThat(refused("""
                cpuJobs: {target: cpu}
                listeners:
                  - listen: "10.0.0.5:2222"
                    target: gpu
                """)).containsExactly("listeners: target 'gpu' of 10.0.0.5:2222 is not cpuJobs.target, expected 'cpu'");
        assertThat(refused("""
                listeners:
                  - listen: "10.0.0.3:2222"
                    target: cpu
                """)).containsExactly(
                "listeners: target 'cpu' of 10.0.0.3:2222 needs a cpuJobs: section, expected cpuJobs.target: cpu");
    }

    @Test
    void theTargetNeedsTheJobDirectoryAndANameOfItsOwn() {
        List<String> errors = catchThrowableOfType(ConfigException.class, () -> ConfigLoader.parse(
                BASE_YAML.replace("jobs:\n  source: slurm-cli\n", "") + "cpuJobs: {target: login-1}\n", BASE))
                .errors();
        assertThat(errors).containsExactlyInAnyOrder(
                "cpuJobs: needs a jobs: section (the job directory watches each CPU job), expected e.g. jobs: "
                        + "{source: slurm-cli}",
                "cpuJobs.target: 'login-1' is also a login node's name, expected another name");
        assertThat(refused("cpuJobs: {target: cn-cpu}\n")).containsExactly(
                "cpuJobs.target: 'cn-cpu' matches compute.pattern 'cn-*', expected a name that is not a compute "
                        + "node's");
    }
}
