package org.jumpgate.jobs;

import org.junit.jupiter.api.Test;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

class JobsConfigTest {

    @Test
    void defaultsFillWhatIsLeftOut() {
        JobsConfig config = JobsConfig.fromMap(Map.of("source", "slurm-cli"));
        assertThat(config.source()).isEqualTo(JobsConfig.Source.SLURM_CLI);
        assertThat(config.refresh()).isEqualTo(Duration.ofSeconds(5));
        assertThat(config.squeue()).isEqualTo("squeue");
        assertThat(config.restApiVersion()).isEqualTo("v0.0.38");
        assertThat(config.staleAfter()).isEqualTo(Duration.ofSeconds(15));
    }

    @Test
    void everyKeyIsRead() {
        Map<String, Object> section = new LinkedHashMap<>();
        section.put("source", "slurmrestd");
        section.put("refresh", "500ms");
        section.put("restUrl", "http://127.0.0.1:6820");
        section.put("restApiVersion", "v0.0.39");
        section.put("restUser", "jumpgate");
        section.put("restTokenFile", "/etc/jumpgate/slurm.jwt");
        InvalidJobsConfigException e = catchThrowableOfType(InvalidJobsConfigException.class,
                () -> JobsConfig.fromMap(section));
        assertThat(e.errors()).containsExactly("jobs.refresh: '500ms' is out of range: expected from 1s to 10m");
        section.put("refresh", "2s");
        JobsConfig config = JobsConfig.fromMap(section);
        assertThat(config).isEqualTo(new JobsConfig(JobsConfig.Source.SLURMRESTD, Duration.ofSeconds(2), null, null,
                URI.create("http://127.0.0.1:6820"), "v0.0.39", "jumpgate", Path.of("/etc/jumpgate/slurm.jwt"), null));
    }

    @Test
    void everyErrorIsListedAtOnceWithKeyValueAndExpectation() {
        Map<String, Object> section = new LinkedHashMap<>();
        section.put("source", "slurmrestd");
        section.put("refresh", "soon");
        section.put("restUrl", "ftp://x");
        section.put("restApiVersion", "0.0.38");
        section.put("restUser", "a b");
        section.put("colour", "blue");
        InvalidJobsConfigException e = catchThrowableOfType(InvalidJobsConfigException.class,
                () -> JobsConfig.fromMap(section));
        assertThat(e.errors()).containsExactlyInAnyOrder(
                "jobs.colour: unknown key: expected one of file, refresh, restApiVersion, restTokenFile, restUrl, restUser, slurmConf, source, squeue",
                "jobs.refresh: 'soon' is not a duration: expected e.g. 500ms, 5s, 2m, 1h",
                "jobs.restUrl: 'ftp://x' is not allowed: expected http(s)://host:port[/prefix]",
                "jobs.restApiVersion: '0.0.38' is not allowed: expected vX.Y.Z, e.g. v0.0.38",
                "jobs.restUser: 'a b' is not allowed: expected the user name slurmrestd's tokens are issued to",
                "jobs.restTokenFile: missing: expected a file holding a JWT from scontrol token");
        assertThat(e.getMessage()).contains("jobs.refresh: 'soon'").contains("\n");
    }

    @Test
    void unknownOrMissingSourceIsReportedOnce() {
        assertThat(catchThrowableOfType(InvalidJobsConfigException.class,
                () -> JobsConfig.fromMap(Map.of("source", "pbs"))).errors())
                .containsExactly("jobs.source: 'pbs' is unknown: expected one of slurm-cli, slurmrestd, file");
        assertThat(catchThrowableOfType(InvalidJobsConfigException.class,
                () -> JobsConfig.fromMap(Map.of("refresh", "0s"))).errors())
                .containsExactly("jobs.source: missing: expected one of slurm-cli, slurmrestd, file",
                        "jobs.refresh: '0s' is out of range: expected from 1s to 10m");
    }

    @Test
    void fileSourceNeedsAFile() {
        assertThat(catchThrowableOfType(InvalidJobsConfigException.class,
                () -> JobsConfig.fromMap(Map.of("source", "file"))).errors())
                .containsExactly("jobs.file: missing: expected a YAML file of user: [node, ...] for source file");
        assertThat(JobsConfig.file(Path.of("/j.yaml")).withRefresh(Duration.ofMinutes(1)).refresh())
                .isEqualTo(Duration.ofMinutes(1));
    }

    @Test
    void nestedValueIsNotTakenForText() {
        assertThat(catchThrowableOfType(InvalidJobsConfigException.class,
                () -> JobsConfig.fromMap(Map.of("source", List.of("file")))).errors())
                .contains("jobs.source: '[file]' is not a single value: expected text");
    }
}
