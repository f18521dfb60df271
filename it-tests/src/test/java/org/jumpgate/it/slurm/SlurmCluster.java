package org.jumpgate.it.slurm;

import java.io.IOException;
import java.net.InetAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.awaitility.Awaitility.await;

/**
 * A real single-machine Slurm 22.05 cluster for integration tests, run as root: munge, one
 * slurmctld and one slurmd per node name ({@link #NODES}) on this host, optionally slurmrestd.
 * Every process it starts is recorded and stopped by pid in {@link #close()}, which also cancels
 * the jobs of its users and removes its temp dir. Slurm commands it runs get {@code SLURM_CONF}.
 */
public final class SlurmCluster implements AutoCloseable {

    public static final List<String> NODES = List.of("cn-a001", "cn-a002");
    public static final String REST_API_VERSION = "v0.0.38";
    static final Duration NODES_IDLE = Duration.ofSeconds(60);
    static final Duration JOB_STATE = Duration.ofSeconds(60);
    static final Duration DAEMON_UP = Duration.ofSeconds(30);

    private final Path dir;
    private final Path conf;
    private final List<String> users;
    private final Munge munge;
    private final List<Daemon> slurmds = new ArrayList<>();
    private Daemon slurmctld;
    private Daemon slurmrestd;
    private boolean closed;

    private SlurmCluster(Path dir, Path conf, List<String> users, Munge munge) {
        this.dir = dir;
        this.conf = conf;
        this.users = users;
        this.munge = munge;
    }

    /** Creates the test users if missing, starts munge, slurmctld and the slurmds, waits until all nodes are idle. */
    public static SlurmCluster start(String... users) throws IOException {
        for (String user : users) {
            Users.ensure(user);
        }
        Path dir = Files.createTempDirectory("jumpgate-slurm-");
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
        SlurmCluster cluster = null;
        try {
            Munge munge = Munge.ensure(dir);
            cluster = new SlurmCluster(dir, SlurmConf.write(dir, NODES), List.of(users), munge);
            cluster.startController();
            for (String node : NODES) {
                cluster.slurmds.add(Daemon.start("slurmd " + node, dir.resolve("log/slurmd-" + node + ".out"),
                        cluster.env(), List.of("slurmd", "-D", "-N", node, "-f", cluster.conf.toString())));
            }
            cluster.awaitNodesIdle();
            return cluster;
        } catch (IOException | RuntimeException e) {
            if (cluster != null) {
                cluster.close();
            } else {
                org.jumpgate.it.fixture.TempDirs.delete(dir);
            }
            throw e;
        }
    }

    public Path slurmConf() {
        return conf;
    }

    /** The environment Slurm commands need to find this cluster. */
    public Map<String, String> env() {
        return Map.of("SLURM_CONF", conf.toString());
    }

    /** Submits {@code script} as {@code user}; {@code sbatchArgs} e.g. {@code -w cn-a001} or {@code -N2}. Returns the job id. */
    public String sbatch(String user, String script, String... sbatchArgs) {
        List<String> command = new ArrayList<>(List.of("runuser", "-u", user, "--", "env", "SLURM_CONF=" + conf,
                "sbatch", "--parsable", "--output=/dev/null", "--chdir=/tmp"));
        command.addAll(Arrays.asList(sbatchArgs));
        command.add("--wrap=" + script);
        String out = Command.run(env(), command.toArray(String[]::new)).orThrow();
        return out.lines().reduce((a, b) -> b).orElseThrow().split(";")[0].strip();
    }

    /** The job's state as squeue shows it (e.g. RUNNING, PENDING), or empty once it has left the queue. */
    public String state(String jobId) {
        Command.Result r = run("squeue", "--noheader", "--states=all", "--jobs=" + jobId, "--format=%T");
        return r.ok() ? r.out() : "";
    }

    public void awaitRunning(String jobId) {
        await().atMost(JOB_STATE).pollInterval(Duration.ofMillis(200)).until(() -> state(jobId).equals("RUNNING"));
    }

    public void scancel(String jobId) {
        slurm("scancel", jobId);
    }

    /** Waits until the job is neither RUNNING nor COMPLETING (it may still be listed briefly as CANCELLED). */
    public void awaitEnded(String jobId) {
        await().atMost(JOB_STATE).pollInterval(Duration.ofMillis(200)).until(() -> {
            String s = state(jobId);
            return !s.equals("RUNNING") && !s.equals("COMPLETING") && !s.equals("PENDING");
        });
    }

    /** Cancels every job of this cluster's users and waits until the queue is empty. */
    public void cancelAll() {
        for (String user : users) {
            run("scancel", "--user=" + user);
        }
        await().atMost(JOB_STATE).pollInterval(Duration.ofMillis(200))
                .until(() -> run("squeue", "--noheader", "--format=%i").out().isEmpty());
    }

    /** Stops slurmctld (SIGTERM by pid; it saves its state). Slurm commands then fail. */
    public synchronized void stopController() {
        if (slurmctld != null) {
            slurmctld.stop();
            slurmctld = null;
        }
    }

    /** Starts slurmctld on the saved state and waits until it answers. */
    public synchronized void startController() throws IOException {
        if (slurmctld != null) {
            return;
        }
        slurmctld = Daemon.start("slurmctld", dir.resolve("log/slurmctld.out"), env(),
                List.of("slurmctld", "-D", "-i", "-f", conf.toString()));
        Daemon started = slurmctld;
        await().atMost(DAEMON_UP).pollInterval(Duration.ofMillis(200)).until(() -> {
            if (!started.alive()) {
                throw new IllegalStateException("slurmctld exited: " + Files.readString(started.log()));
            }
            return run("scontrol", "ping").out().contains("is UP");
        });
    }

    /**
     * Starts slurmrestd as {@code user} (it refuses root) on a free loopback port, JWT auth only.
     * Returns its base URL.
     */
    public synchronized URI startSlurmrestd(String user) throws IOException {
        if (slurmrestd != null) {
            throw new IllegalStateException("slurmrestd already runs: " + slurmrestd);
        }
        Users.ensure(user);
        int port = SlurmConf.freePort();
        slurmrestd = Daemon.start("slurmrestd", dir.resolve("log/slurmrestd.out"),
                Map.of("SLURM_CONF", conf.toString(), "SLURM_JWT", "daemon"),
                List.of("setpriv", "--reuid=" + user, "--regid=" + user, "--init-groups", "slurmrestd",
                        "-f", conf.toString(), "-s", "openapi/" + REST_API_VERSION, "-a", "rest_auth/jwt",
                        "127.0.0.1:" + port));
        Daemon started = slurmrestd;
        await().atMost(DAEMON_UP).pollInterval(Duration.ofMillis(100)).until(() -> {
            if (!started.alive()) {
                throw new IllegalStateException("slurmrestd exited: " + Files.readString(started.log()));
            }
            try (Socket ignored = new Socket(InetAddress.getLoopbackAddress(), port)) {
                return true;
            } catch (IOException notYet) {
                return false;
            }
        });
        return URI.create("http://127.0.0.1:" + port);
    }

    /** A JWT for {@code user} from {@code scontrol token}, valid for {@code lifespan}. Do not log it. */
    public String token(String user, Duration lifespan) {
        String out = slurm("scontrol", "token", "username=" + user, "lifespan=" + lifespan.toSeconds());
        return out.strip().replaceFirst("^SLURM_JWT=", "");
    }

    /** {@link #token} written to a 0600 file in the cluster's temp dir. */
    public Path tokenFile(String user, Duration lifespan) throws IOException {
        Path file = dir.resolve("token-" + user);
        Files.deleteIfExists(file);
        Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        Files.writeString(file, token(user, lifespan) + "\n");
        return file;
    }

    /** Runs a Slurm command (as root) against this cluster; its stdout, or an exception with all it said. */
    public String slurm(String... command) {
        return run(command).orThrow();
    }

    private Command.Result run(String... command) {
        return Command.run(env(), command);
    }

    /** The pids of the processes this fixture started and still runs. */
    public synchronized List<Long> pids() {
        List<Long> pids = new ArrayList<>();
        Stream.concat(Stream.of(slurmctld, slurmrestd), slurmds.stream())
                .filter(d -> d != null && d.alive()).forEach(d -> pids.add(d.pid()));
        return pids;
    }

    private void awaitNodesIdle() {
        await().atMost(NODES_IDLE).pollInterval(Duration.ofMillis(200)).until(() -> {
            for (Daemon d : slurmds) {
                if (!d.alive()) {
                    throw new IllegalStateException(d + " exited: " + Files.readString(d.log()));
                }
            }
            String out = run("sinfo", "--noheader", "--Node", "--format=%N %t").out();
            return out.lines().filter(l -> l.endsWith(" idle")).count() == NODES.size();
        });
    }

    /** Cancels its users' jobs, stops every process it started by pid, removes its temp dir. Idempotent. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            if (slurmctld != null) {
                try {
                    cancelAll();
                } catch (RuntimeException e) {
                    System.err.println("slurm jobs still listed at close: " + e.getMessage());
                }
            }
            Stream.concat(Stream.of(slurmrestd), slurmds.stream()).filter(d -> d != null).forEach(Daemon::stop);
            stopController();
            munge.close();
        } finally {
            org.jumpgate.it.fixture.TempDirs.delete(dir);
        }
    }
}
