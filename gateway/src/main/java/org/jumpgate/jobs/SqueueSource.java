package org.jumpgate.jobs;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.jumpgate.common.Durations;

/**
 * Runs {@code squeue} once for all users' RUNNING jobs. Its output goes to private temp files
 * (so a large answer cannot block the pipe), the run is killed after {@link #TIMEOUT}, and an
 * answer larger than {@link #MAX_OUTPUT_BYTES} is refused. {@code SQUEUE_*} variables are removed
 * from its environment: they could filter the answer.
 */
final class SqueueSource implements JobSource {

    static final Duration TIMEOUT = Duration.ofSeconds(10);
    static final long MAX_OUTPUT_BYTES = 32L << 20;
    static final int MAX_ERROR_CHARS = 300;

    private final String squeue;
    private final Path slurmConf;
    private final Duration timeout;

    SqueueSource(String squeue, Path slurmConf, Duration timeout) {
        this.squeue = squeue;
        this.slurmConf = slurmConf;
        this.timeout = timeout;
    }

    List<String> command() {
        return List.of(squeue, "--noheader", "--all", "--array", "--states=RUNNING",
                "--format=" + SqueueParser.FORMAT);
    }

    @Override
    public List<RunningJob> fetch() throws SchedulerUnavailableException {
        Path out = null;
        Path err = null;
        try {
            out = Files.createTempFile("jumpgate-squeue-", ".out");
            err = Files.createTempFile("jumpgate-squeue-", ".err");
            ProcessBuilder builder = new ProcessBuilder(command())
                    .redirectOutput(out.toFile()).redirectError(err.toFile());
            Map<String, String> env = builder.environment();
            env.keySet().removeIf(k -> k.startsWith("SQUEUE_"));
            if (slurmConf != null) {
                env.put("SLURM_CONF", slurmConf.toString());
            }
            int status = run(builder);
            if (status != 0) {
                throw new SchedulerUnavailableException("squeue exited with status " + status + ": " + errors(err));
            }
            if (Files.size(out) > MAX_OUTPUT_BYTES) {
                throw new SchedulerUnavailableException("squeue output is larger than " + MAX_OUTPUT_BYTES + " bytes");
            }
            return SqueueParser.parse(new String(Files.readAllBytes(out), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new SchedulerUnavailableException("cannot run " + squeue + ": " + e.getMessage(), e);
        } finally {
            delete(out);
            delete(err);
        }
    }

    private int run(ProcessBuilder builder) throws IOException, SchedulerUnavailableException {
        Process process = builder.start();
        process.getOutputStream().close();
        try {
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
                throw new SchedulerUnavailableException("squeue did not answer within " + Durations.show(timeout));
            }
            return process.exitValue();
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new SchedulerUnavailableException("interrupted while waiting for squeue", e);
        }
    }

    private static String errors(Path err) throws IOException {
        byte[] bytes;
        try (var in = Files.newInputStream(err)) {
            bytes = in.readNBytes(MAX_ERROR_CHARS * 4);
        }
        String text = String.join("; ", new String(bytes, StandardCharsets.UTF_8).lines()
                .map(String::strip).filter(l -> !l.isEmpty()).toList());
        if (text.isEmpty()) {
            return "(no message)";
        }
        return text.length() > MAX_ERROR_CHARS ? text.substring(0, MAX_ERROR_CHARS) + "..." : text;
    }

    private static void delete(Path file) {
        if (file != null) {
            try {
                Files.deleteIfExists(file);
            } catch (IOException ignored) {
                // a leftover empty temp file is harmless
            }
        }
    }
}
