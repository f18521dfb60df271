package org.jumpgate.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import org.jumpgate.common.ConfigException;
import org.jumpgate.jobs.JobsConfig;
import org.junit.jupiter.api.Test;

/** The {@code jobs:} section, read as the gateway reads its file. */
class JobsSectionTest {

    private static JobsConfig read(String jobsYaml) {
        Section root = Section.parse("jobs:\n" + jobsYaml.indent(2), Path.of("/etc/jumpgate"), "a mapping");
        JobsConfig config = JobsSection.read(root.section("jobs"));
        root.throwIfErrors();
        return config;
    }

    private static ConfigException refused(String jobsYaml) {
        return catchThrowableOfType(ConfigException.class, () -> read(jobsYaml));
    }

    @Test
    void defaultsFillWhatIsLeftOut() {
        JobsConfig config = read("source: slurm-cli");
        assertThat(config.source()).isEqualTo(JobsConfig.Source.SLURM_CLI);
        assertThat(config.refresh()).isEqualTo(Duration.ofSeconds(5));
        assertThat(config.squeue()).isEqualTo("squeue");
        assertThat(config.restApiVersion()).isEqualTo("v0.0.38");
        assertThat(config.staleAfter()).isEqualTo(Duration.ofSeconds(15));
    }

    @Test
    void everyKeyIsRead() {
        String section = "source: slurmrestd\nrefresh: %s\nrestUrl: http://127.0.0.1:6820\nrestApiVersion: v0.0.39\n"
                + "restUser: jumpgate\nrestTokenFile: slurm.jwt\n";
        assertThat(refused(section.formatted("500ms")).errors())
                .containsExactly("jobs.refresh: '500ms' is out of range: expected from 1s to 10m");
        assertThat(read(section.formatted("2s"))).isEqualTo(new JobsConfig(JobsConfig.Source.SLURMRESTD,
                Duration.ofSeconds(2), null, null, URI.create("http://127.0.0.1:6820"), "v0.0.39", "jumpgate",
                Path.of("/etc/jumpgate/slurm.jwt"), null));
    }

    @Test
    void everyErrorIsListedAtOnceWithKeyValueAndExpectation() {
        ConfigException e = refused("source: slurmrestd\nrefresh: soon\nrestUrl: ftp://x\nrestApiVersion: 0.0.38\n"
                + "restUser: a b\ncolour: blue\n");
        assertThat(e.errors()).containsExactlyInAnyOrder(
                "jobs.colour: unknown key, expected one of [file, refresh, restApiVersion, restTokenFile, restUrl, "
                        + "restUser, slurmConf, source, squeue]",
                "jobs.refresh: 'soon' is not a duration, expected e.g. 500ms, 5s, 10m, 12h",
                "jobs.restUrl: 'ftp://x' is not allowed: expected http(s)://host:port[/prefix]",
                "jobs.restApiVersion: '0.0.38' is not allowed: expected vX.Y.Z, e.g. v0.0.38",
                "jobs.restUser: 'a b' is not allowed: expected the user name slurmrestd's tokens are issued to",
                "jobs.restTokenFile: missing: expected a file holding a JWT from scontrol token");
        assertThat(e.getMessage()).contains("jobs.refresh: 'soon'").contains("\n");
    }

    @Test
    void unknownOrMissingSourceIsReportedOnce() {
        assertThat(refused("source: pbs").errors())
                .containsExactly("jobs.source: 'pbs' is unknown: expected one of slurm-cli, slurmrestd, file");
        assertThat(refused("refresh: 0s").errors())
                .containsExactly("jobs.source: missing: expected one of slurm-cli, slurmrestd, file",
                        "jobs.refresh: '0s' is out of range: expected from 1s to 10m");
    }

    @Test
    void fileSourceNeedsAFile() {
        assertThat(refused("source: file").errors())
                .containsExactly("jobs.file: missing: expected a YAML file of user: [node, ...] for source file");
        assertThat(JobsConfig.file(Path.of("/j.yaml")).withRefresh(Duration.ofMinutes(1)).refresh())
                .isEqualTo(Duration.ofMinutes(1));
    }

    @Test
    void nestedValueIsNotTakenForText() {
        assertThat(refused("source: [file]").errors())
                .contains("jobs.source: a list, expected a single value");
    }
}
