package org.jumpgate.it.interop;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.jumpgate.it.fixture.BackgroundProcess;
import org.jumpgate.it.fixture.Processes;
import org.jumpgate.it.fixture.Requirements;
import org.jumpgate.it.fixture.Result;
import org.jumpgate.it.fixture.TempDirs;

/**
 * Runs a terminal client (plink, pscp, psftp, dbclient) on a pty under {@code expect(1)}, which
 * answers its one-time code prompt as a person would type it ({@code answer-code.exp}). The
 * program's output comes back as the terminal showed it (stdout and stderr together, CR removed).
 */
final class Expect {

    static final String PROGRAM = "/usr/bin/expect";

    private final Path script;

    /** Writes the expect script into {@code dir}; skips the test unless expect is installed. */
    Expect(Path dir) {
        Requirements.assumeProgram(PROGRAM);
        script = dir.resolve("answer-code.exp");
        try (InputStream in = Expect.class.getResourceAsStream("answer-code.exp")) {
            if (in == null) {
                throw new IllegalStateException("answer-code.exp resource missing");
            }
            TempDirs.write(script, new String(in.readAllBytes(), StandardCharsets.UTF_8), "rw-------");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Runs {@code command}, answering the code prompt with {@code code} (null: no prompt
     * expected), and waits at most {@code timeout} for it to end (then it is killed by pid).
     */
    Result run(List<String> command, Map<String, String> env, String code, Duration timeout) {
        Result r = Processes.run(expectCommand(command), environment(env, code, timeout), null,
                timeout.plusSeconds(10));
        return new Result(r.exitCode(), r.stdout().replace("\r", ""), r.stderr(), List.of());
    }

    /** Starts {@code command} the same way and returns at once; output in {@code dir}; stop it by closing. */
    BackgroundProcess start(List<String> command, Map<String, String> env, String code, Duration timeout, Path dir) {
        return BackgroundProcess.start(expectCommand(command), environment(env, code, timeout), null, dir);
    }

    private List<String> expectCommand(List<String> command) {
        List<String> cmd = new ArrayList<>(List.of(PROGRAM, "-f", script.toString()));
        cmd.addAll(command);
        return cmd;
    }

    private static Map<String, String> environment(Map<String, String> env, String code, Duration timeout) {
        Map<String, String> e = new HashMap<>(env);
        e.put("JG_CODE", code == null ? "no-code-expected" : code);
        e.put("JG_TIMEOUT", Long.toString(timeout.toSeconds()));
        return e;
    }
}
