package org.jumpgate.it.slurm;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.awaitility.Awaitility.await;

/**
 * A long-running process this fixture started, stopped by its pid: SIGTERM, then SIGKILL if it
 * has not ended within {@link #STOP_GRACE}. Its output goes to a log file.
 */
final class Daemon {

    static final Duration STOP_GRACE = Duration.ofSeconds(15);

    private final String name;
    private final Process process;
    private final Path log;

    private Daemon(String name, Process process, Path log) {
        this.name = name;
        this.process = process;
        this.log = log;
    }

    static Daemon start(String name, Path log, Map<String, String> env, List<String> command) throws IOException {
        ProcessBuilder builder = new ProcessBuilder(command).directory(Path.of("/tmp").toFile())
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        builder.environment().putAll(env);
        Process process = builder.start();
        process.getOutputStream().close();
        return new Daemon(name, process, log);
    }

    long pid() {
        return process.pid();
    }

    boolean alive() {
        return process.isAlive();
    }

    Path log() {
        return log;
    }

    /** Stops the process (and any child it left) by pid. Idempotent. */
    void stop() {
        List<ProcessHandle> children = process.descendants().toList();
        process.destroy();
        children.forEach(ProcessHandle::destroy);
        try {
            await().atMost(STOP_GRACE).pollInterval(Duration.ofMillis(50)).until(() -> !process.isAlive()
                    && children.stream().noneMatch(ProcessHandle::isAlive));
        } catch (org.awaitility.core.ConditionTimeoutException e) {
            process.destroyForcibly();
            children.forEach(ProcessHandle::destroyForcibly);
            await().atMost(STOP_GRACE).until(() -> !process.isAlive());
        }
    }

    @Override
    public String toString() {
        return name + "(pid " + process.pid() + ")";
    }
}
