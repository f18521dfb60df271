package org.jumpgate.it.slurm;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** Runs a short command to completion with a time limit and returns its status and output. */
final class Command {

    static final Duration DEFAULT_LIMIT = Duration.ofSeconds(30);

    /** The outcome of one run. */
    record Result(List<String> command, int status, String out, String err) {
        boolean ok() {
            return status == 0;
        }

        /** {@link #out()} if the command succeeded, else an exception with everything it said. */
        String orThrow() {
            if (!ok()) {
                throw new IllegalStateException(this.toString());
            }
            return out;
        }

        @Override
        public String toString() {
            return String.join(" ", command) + " exited " + status + "\nstdout: " + out + "\nstderr: " + err;
        }
    }

    private Command() {
    }

    static Result run(Map<String, String> env, String... command) {
        return run(env, DEFAULT_LIMIT, command);
    }

    static Result run(Map<String, String> env, Duration limit, String... command) {
        Path out = null;
        Path err = null;
        try {
            out = Files.createTempFile("jg-cmd-", ".out");
            err = Files.createTempFile("jg-cmd-", ".err");
            ProcessBuilder builder = new ProcessBuilder(command).directory(Path.of("/tmp").toFile())
                    .redirectOutput(out.toFile()).redirectError(err.toFile());
            builder.environment().putAll(env);
            Process process = builder.start();
            process.getOutputStream().close();
            if (!process.waitFor(limit.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
                return new Result(List.of(command), -1, read(out), read(err) + "\n(killed after " + limit + ")");
            }
            return new Result(List.of(command), process.exitValue(), read(out), read(err));
        } catch (IOException e) {
            return new Result(List.of(command), -1, "", e.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Result(List.of(command), -1, "", e.toString());
        } finally {
            delete(out);
            delete(err);
        }
    }

    private static String read(Path file) throws IOException {
        return Files.readString(file, StandardCharsets.UTF_8).strip();
    }

    private static void delete(Path file) {
        try {
            if (file != null) {
                Files.deleteIfExists(file);
            }
        } catch (IOException ignored) {
            // temp file of a finished command
        }
    }
}
