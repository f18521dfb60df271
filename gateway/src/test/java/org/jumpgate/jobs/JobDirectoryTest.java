package org.jumpgate.jobs;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The public factory end to end with the file source, on real time. */
class JobDirectoryTest {

    @TempDir
    Path dir;

    @Test
    void fileDirectoryAllowsListedNodesAndPicksUpChangesBeforeDenying() throws Exception {
        Path file = Files.writeString(dir.resolve("jobs.yaml"), "jgalice: [cn-a001]\n");
        try (JobDirectory directory = JobDirectory.create(JobsConfig.file(file)).start()) {
            await().atMost(Duration.ofSeconds(5)).until(() -> directory.snapshot().isPresent());
            assertThat(directory.runningJobOn("jgalice", "cn-a001").join())
                    .isEqualTo(Lookup.allowed("jgalice", "cn-a001", "file"));
            Files.writeString(file, "jgalice: [cn-a001, cn-a002]\n");
            await().atMost(Duration.ofSeconds(5))
                    .until(() -> directory.runningJobOn("jgalice", "cn-a002").join().allowed());
            assertThat(directory.runningJobOn("jgbob", "cn-a001").join().outcome()).isEqualTo(Lookup.Outcome.NO_JOB);
        }
    }

    @Test
    void slurmCliWithoutSqueueFailsClosed() {
        try (JobDirectory directory = JobDirectory.create(JobsConfig.slurmCli(dir.resolve("squeue").toString(), null))) {
            Lookup lookup = directory.runningJobOn("jgalice", "cn-a001").join();
            assertThat(lookup.outcome()).isEqualTo(Lookup.Outcome.UNAVAILABLE);
            assertThat(lookup.cause()).startsWith("cannot run " + dir.resolve("squeue"));
        }
    }
}
