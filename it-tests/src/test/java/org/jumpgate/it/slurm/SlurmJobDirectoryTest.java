package org.jumpgate.it.slurm;

import org.jumpgate.jobs.JobDirectory;
import org.jumpgate.jobs.JobsConfig;
import org.jumpgate.jobs.Lookup;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

import java.net.URI;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.jumpgate.jobs.Lookup.Outcome.ALLOWED;
import static org.jumpgate.jobs.Lookup.Outcome.NO_JOB;
import static org.jumpgate.jobs.Lookup.Outcome.UNAVAILABLE;

/**
 * The job directory against a real Slurm 22.05 (two node names on this host), through both
 * {@code squeue} and slurmrestd (run as a non-root user, JWT). Runs as root.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SlurmJobDirectoryTest {

    private static final String ALICE = "jgalice";
    private static final String BOB = "jgbob";
    private static final String REST_USER = "jgrest";
    private static final Duration REFRESH = Duration.ofSeconds(1);
    private static final Duration BOUND = Duration.ofSeconds(30);
    /** A job that runs until cancelled; its odd length marks its process for the leak check. */
    private static final String JOB_SCRIPT = "sleep 599";

    private SlurmCluster cluster;
    private List<JobDirectory> directories;

    @BeforeAll
    void startCluster() throws Exception {
        cluster = SlurmCluster.start(ALICE, BOB);
        URI rest = cluster.startSlurmrestd(REST_USER);
        JobsConfig cli = JobsConfig.slurmCli("squeue", cluster.slurmConf()).withRefresh(REFRESH);
        JobsConfig restd = JobsConfig.slurmrestd(rest, REST_USER, cluster.tokenFile(REST_USER, Duration.ofHours(1)))
                .withRefresh(REFRESH);
        directories = List.of(JobDirectory.create(cli).start(), JobDirectory.create(restd).start());
    }

    @AfterAll
    void stopCluster() {
        if (directories != null) {
            directories.forEach(JobDirectory::close);
        }
        if (cluster != null) {
            cluster.close();
        }
        List<ProcessHandle> left = ProcessHandle.allProcesses()
                .filter(p -> p.info().commandLine().orElse("").endsWith("sleep 599")).toList();
        left.forEach(ProcessHandle::destroyForcibly);
        assertThat(left).as("job processes left after the cluster closed (now killed)").isEmpty();
    }

    @AfterEach
    void cancelJobs() {
        cluster.cancelAll();
    }

    @Test
    @Order(1)
    void runningJobIsReportedOnItsNodeForItsUserOnly() {
        String job = cluster.sbatch(ALICE, JOB_SCRIPT, "--nodelist=cn-a001");
        cluster.awaitRunning(job);
        for (JobDirectory directory : directories) {
            await().atMost(BOUND).until(() -> directory.runningJobOn(ALICE, "cn-a001").join().allowed());
            assertThat(directory.runningJobOn(ALICE, "cn-a001").join()).isEqualTo(Lookup.allowed(ALICE, "cn-a001", job));
            assertThat(directory.runningJobOn(ALICE, "cn-a002").join().outcome()).isEqualTo(NO_JOB);
            assertThat(directory.runningJobOn(BOB, "cn-a001").join().outcome()).isEqualTo(NO_JOB);
        }
    }

    @Test
    @Order(2)
    void twoNodeJobAllowsBothNodes() {
        String job = cluster.sbatch(BOB, JOB_SCRIPT, "--nodes=2");
        cluster.awaitRunning(job);
        for (JobDirectory directory : directories) {
            await().atMost(BOUND).until(() -> directory.runningJobOn(BOB, "cn-a001").join().allowed());
            assertThat(directory.runningJobOn(BOB, "cn-a002").join().jobId()).isEqualTo(job);
            assertThat(directory.snapshot().orElseThrow().nodesOf(BOB)).containsExactlyInAnyOrder("cn-a001", "cn-a002");
        }
    }

    @Test
    @Order(3)
    void cancelledJobLeavesTheDirectoryAndTheWatcherSeesIt() {
        String job = cluster.sbatch(ALICE, JOB_SCRIPT, "--nodelist=cn-a002");
        cluster.awaitRunning(job);
        for (JobDirectory directory : directories) {
            await().atMost(BOUND).until(() -> directory.stillRunning(ALICE, "cn-a002", job).allowed());
        }
        cluster.scancel(job);
        cluster.awaitEnded(job);
        for (JobDirectory directory : directories) {
            await().atMost(REFRESH.plusSeconds(5))
                    .until(() -> directory.stillRunning(ALICE, "cn-a002", job).outcome() == NO_JOB);
            assertThat(directory.runningJobOn(ALICE, "cn-a002").join().outcome()).isEqualTo(NO_JOB);
        }
    }

    @Test
    @Order(4)
    void jobThatJustStartedIsFoundByForcedRefreshNotByWaiting() throws Exception {
        JobsConfig slow = JobsConfig.slurmCli("squeue", cluster.slurmConf()).withRefresh(Duration.ofMinutes(10));
        try (JobDirectory directory = JobDirectory.create(slow).start()) {
            await().atMost(BOUND).until(() -> directory.snapshot().isPresent());
            String job = cluster.sbatch(BOB, JOB_SCRIPT, "--nodelist=cn-a002");
            cluster.awaitRunning(job);
            await().atMost(Duration.ofSeconds(5)).until(() -> directory.runningJobOn(BOB, "cn-a002").join().allowed());
            assertThat(directory.current(BOB, "cn-a002").jobId()).isEqualTo(job);
        }
    }

    @Test
    @Order(5)
    void schedulerDownFailsClosedWithTheCauseAndRecovers() throws Exception {
        String job = cluster.sbatch(ALICE, JOB_SCRIPT, "--nodelist=cn-a001");
        cluster.awaitRunning(job);
        for (JobDirectory directory : directories) {
            await().atMost(BOUND).until(() -> directory.runningJobOn(ALICE, "cn-a001").join().allowed());
        }
        cluster.stopController();
        for (JobDirectory directory : directories) {
            await().atMost(Duration.ofSeconds(60)).until(() -> directory.health().lastError().isPresent()
                    && directory.current(ALICE, "cn-a001").outcome() == UNAVAILABLE);
            Lookup lookup = directory.runningJobOn(ALICE, "cn-a001").join();
            assertThat(lookup.outcome()).isEqualTo(UNAVAILABLE);
            assertThat(lookup.cause()).isNotBlank();
            System.out.println("scheduler down: " + lookup.cause());
        }
        cluster.startController();
        for (JobDirectory directory : directories) {
            await().atMost(Duration.ofSeconds(60)).until(() -> directory.runningJobOn(ALICE, "cn-a001").join().outcome() == ALLOWED);
        }
    }
}
