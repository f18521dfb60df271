package org.jumpgate.jobs;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class FileJobSourceTest {

    @TempDir
    Path dir;

    @Test
    void eachUserHasOneJobOnTheListedNodesAndHostlists() throws Exception {
        Path file = write("jgalice: [cn-a001, \"cn-b[01-02]\"]\njgbob: cn-a002\nnobody: []\n");
        assertThat(new FileJobSource(file).fetch()).containsExactly(
                new RunningJob("file", "jgalice", List.of("cn-a001", "cn-b01", "cn-b02")),
                new RunningJob("file", "jgbob", List.of("cn-a002")));
    }

    @Test
    void changedFileIsReadAgain() throws Exception {
        Path file = write("u: [n1]\n");
        FileJobSource source = new FileJobSource(file);
        assertThat(source.fetch()).extracting(RunningJob::nodes).containsExactly(List.of("n1"));
        write("u: [n2]\n");
        assertThat(source.fetch()).extracting(RunningJob::nodes).containsExactly(List.of("n2"));
    }

    @Test
    void emptyFileIsNoJobs() throws Exception {
        assertThat(new FileJobSource(write("")).fetch()).isEmpty();
    }

    @Test
    void brokenOrMissingFileIsUnavailableWithTheReason() throws Exception {
        assertThatThrownBy(() -> new FileJobSource(dir.resolve("none.yaml")).fetch())
                .isInstanceOf(SchedulerUnavailableException.class).hasMessageEndingWith("NoSuchFileException");
        assertThatThrownBy(() -> new FileJobSource(write("u: [n1\n")).fetch())
                .isInstanceOf(SchedulerUnavailableException.class).hasMessageContaining("is not YAML");
        assertThatThrownBy(() -> new FileJobSource(write("- a\n- b\n")).fetch())
                .hasMessageEndingWith("expected a map of user: [node, ...]");
        assertThatThrownBy(() -> new FileJobSource(write("u: [\"n[1-\"]\n")).fetch())
                .hasMessageContaining("user u: malformed hostlist");
        assertThatThrownBy(() -> new FileJobSource(write("u: [{a: b}]\n")).fetch())
                .hasMessageContaining("is not a node name");
    }

    private Path write(String yaml) throws Exception {
        return Files.writeString(dir.resolve("jobs.yaml"), yaml);
    }
}
