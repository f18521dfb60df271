package org.jumpgate.it.slurm;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A single-machine slurm.conf in {@code dir}: the controller on a free port, each node name a slurmd
 * on localhost with its own free port and {@code %n} in its pid, spool and log paths, a JWT key
 * for slurmrestd, and plugins that need no cgroups.
 */
final class SlurmConf {

    static final String CLUSTER = "jgit";
    static final int CPUS_PER_NODE = 2;
    static final int JWT_KEY_BYTES = 32;

    private SlurmConf() {
    }

    /** Writes slurm.conf and its key and directories; returns the file. */
    static Path write(Path dir, List<String> nodes) throws IOException {
        Path state = Files.createDirectories(dir.resolve("state"));
        Path spool = Files.createDirectories(dir.resolve("spool"));
        Path logs = Files.createDirectories(dir.resolve("log"));
        for (String node : nodes) {
            Files.createDirectories(spool.resolve(node));
        }
        Path jwtKey = dir.resolve("jwt.key");
        byte[] key = new byte[JWT_KEY_BYTES];
        new SecureRandom().nextBytes(key);
        Files.write(jwtKey, key);
        Files.setPosixFilePermissions(jwtKey, PosixFilePermissions.fromString("rw-------"));

        Map<String, String> conf = new LinkedHashMap<>();
        conf.put("ClusterName", CLUSTER);
        conf.put("SlurmctldHost", "localhost");
        conf.put("SlurmctldPort", Integer.toString(freePort()));
        conf.put("SlurmUser", "root");
        conf.put("AuthType", "auth/munge");
        conf.put("AuthAltTypes", "auth/jwt");
        conf.put("AuthAltParameters", "jwt_key=" + jwtKey);
        conf.put("StateSaveLocation", state.toString());
        conf.put("SlurmctldPidFile", dir.resolve("slurmctld.pid").toString());
        conf.put("SlurmctldLogFile", logs.resolve("slurmctld.log").toString());
        conf.put("SlurmdPidFile", spool.resolve("slurmd-%n.pid").toString());
        conf.put("SlurmdSpoolDir", spool.resolve("%n").toString());
        conf.put("SlurmdLogFile", logs.resolve("slurmd-%n.log").toString());
        conf.put("ProctrackType", "proctrack/linuxproc");
        conf.put("TaskPlugin", "task/none");
        conf.put("JobAcctGatherType", "jobacct_gather/none");
        conf.put("SelectType", "select/cons_tres");
        conf.put("SelectTypeParameters", "CR_Core");
        conf.put("SchedulerType", "sched/backfill");
        conf.put("ReturnToService", "2");
        conf.put("MpiDefault", "none");
        conf.put("MailProg", "/bin/true");
        conf.put("SlurmctldDebug", "info");
        conf.put("SlurmdDebug", "info");

        List<String> lines = new ArrayList<>();
        conf.forEach((k, v) -> lines.add(k + "=" + v));
        for (String node : nodes) {
            lines.add("NodeName=" + node + " NodeHostname=localhost NodeAddr=127.0.0.1 Port=" + freePort()
                    + " CPUs=" + CPUS_PER_NODE + " State=UNKNOWN");
        }
        lines.add("PartitionName=debug Nodes=" + String.join(",", nodes) + " Default=YES MaxTime=INFINITE State=UP");
        Path file = dir.resolve("slurm.conf");
        Files.write(file, lines);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));
        return file;
    }

    /** A port free on loopback now (closed again at once: slurm binds it itself). */
    static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
