package org.jumpgate.jobs;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Runs shell scripts standing in for squeue. */
class SqueueSourceTest {

    @TempDir
    Path dir;

    @Test
    void asksForRunningJobsOfAllUsersOneArrayTaskPerLine() throws Exception {
        Path args = dir.resolve("args");
        Path squeue = script("printf '%s\\n' \"$@\" > " + args + "\necho '5|jgalice|RUNNING|cn-a001'");
        assertThat(source(squeue, null).fetch()).containsExactly(new RunningJob("5", "jgalice", List.of("cn-a001")));
        assertThat(Files.readAllLines(args))
                .containsExactly("--noheader", "--all", "--array", "--states=RUNNING", "--format=%i|%u|%T|%N");
    }

    @Test
    void slurmConfIsPassedAndSqueueVariablesAreRemoved() throws Exception {
        Path squeue = script("echo \"1|${SLURM_CONF}|RUNNING|n${SQUEUE_USERS:-1}\"");
        List<RunningJob> jobs = source(squeue, Path.of("/x/slurm.conf")).fetch();
        assertThat(jobs).containsExactly(new RunningJob("1", "/x/slurm.conf", List.of("n1")));
    }

    @Test
    void failureStatusBecomesUnavailableWithSqueuesMessage() throws Exception {
        Path squeue = script("echo 'slurm_load_jobs error: Unable to contact slurm controller (connect failure)' >&2\nexit 1");
        assertThatThrownBy(() -> source(squeue, null).fetch())
                .isInstanceOf(SchedulerUnavailableException.class)
                .hasMessage("squeue exited with status 1: slurm_load_jobs error: Unable to contact slurm controller (connect failure)");
    }

    @Test
    void squeueThatHangsIsKilledAtTheTimeout() throws Exception {
        Path squeue = script("exec sleep 30");
        SqueueSource source = new SqueueSource(squeue.toString(), null, Duration.ofMillis(300));
        assertThatThrownBy(source::fetch).isInstanceOf(SchedulerUnavailableException.class)
                .hasMessage("squeue did not answer within 300ms");
    }

    @Test
    void missingSqueueIsUnavailable() {
        assertThatThrownBy(() -> source(dir.resolve("nope"), null).fetch())
                .isInstanceOf(SchedulerUnavailableException.class).hasMessageStartingWith("cannot run ");
    }

    @Test
    void largeOutputIsReadWithoutBlocking() throws Exception {
        Path squeue = script("i=0; while [ $i -lt 20000 ]; do echo \"$i|u$((i % 7))|RUNNING|cn-a[001-002]\"; i=$((i+1)); done");
        assertThat(source(squeue, null).fetch()).hasSize(20000);
    }

    private SqueueSource source(Path squeue, Path slurmConf) {
        return new SqueueSource(squeue.toString(), slurmConf, SqueueSource.TIMEOUT);
    }

    private Path script(String body) throws IOException {
        Path file = dir.resolve("squeue");
        Files.writeString(file, "#!/bin/sh\n" + body + "\n");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwx------"));
        return file;
    }
}
