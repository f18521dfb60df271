package org.jumpgate.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.jumpgate.demo.NodeChannelSession.PtyRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A session's program on a pty (pty4j) or on pipes, in its own process group, hung up at the end. */
class SessionProcessTest {

    private static final Duration WAIT = Duration.ofSeconds(20);
    private static final Map<String, String> ENV = Map.of("PATH", LoginEnvironment.PATH, "HOME", "/");
    private static final PtyRequest VT100 = new PtyRequest("vt100", 80, 24);

    @TempDir
    Path dir;

    private SessionProcess process;

    @AfterEach
    void stop() {
        if (process != null) {
            process.hangUp();
        }
    }

    private SessionProcess pty(String script) throws IOException {
        process = SessionProcess.onPty(List.of("/bin/sh", "-c", script), ENV, dir, VT100);
        return process;
    }

    private SessionProcess pipes(String script) throws IOException {
        process = SessionProcess.onPipes(List.of("/bin/sh", "-c", script), ENV, dir);
        return process;
    }

    @Test
    void onAPtyTheProgramHasATerminalOfTheRequestedSizeInTheGivenDirectory() throws Exception {
        SessionProcess p = pty("tty; stty size; pwd; echo TERM=$TERM");
        String out = readAll(p.output());

        assertThat(out).startsWith("/dev/pts/").contains("24 80\r\n").contains(dir.toRealPath() + "\r\n")
                .as("exactly the environment given").contains("TERM=\r\n");
        assertThat(p.waitFor()).isZero();
        assertThat(p.errors()).isEmpty();
    }

    @Test
    void aCarriageReturnEndsTheLineAsPuttysEnterExpects() throws Exception {
        SessionProcess p = pty("read line; echo got:$line");
        p.input().write("hello\r".getBytes(StandardCharsets.US_ASCII));
        p.input().flush();

        assertThat(readAll(p.output())).contains("got:hello");
        assertThat(p.waitFor()).isZero();
    }

    @Test
    void aResizeReachesTheTerminal() throws Exception {
        SessionProcess p = pty("echo ready; read go; stty size");
        assertThat(firstLine(p.output())).isEqualTo("ready");
        p.resize(132, 43);
        p.input().write("\n".getBytes(StandardCharsets.US_ASCII));
        p.input().flush();

        assertThat(readAll(p.output())).contains("43 132");
    }

    @Test
    void ctrlCInterruptsTheForegroundProgram() throws Exception {
        SessionProcess p = pty("echo ready; sleep 100");
        assertThat(firstLine(p.output())).isEqualTo("ready");
        ProcessHandle shell = ProcessHandle.of(p.pid()).orElseThrow();
        // as a user would: while the program runs. A ^C between the shell's echo and its fork is
        // held by dash until the command it then starts ends (it waits for a foreground job first).
        await().atMost(WAIT).until(() -> shell.descendants()
                .anyMatch(h -> h.info().command().orElse("").endsWith("/sleep")));
        p.input().write(3);
        p.input().flush();

        await().atMost(WAIT).until(() -> !shell.isAlive());
        assertThat(p.waitFor()).as("sh and sleep 100 both end by SIGINT").isEqualTo(130);
    }

    @Test
    void theProgramLeadsItsOwnProcessGroupOnAPtyAndOnPipes() throws Exception {
        SessionProcess onPty = pty("cut -d' ' -f5 /proc/$$/stat");
        assertThat(readAll(onPty.output()).strip()).isEqualTo(Long.toString(onPty.pid()));
        SessionProcess onPipes = pipes("cut -d' ' -f5 /proc/$$/stat");
        assertThat(readAll(onPipes.output()).strip()).isEqualTo(Long.toString(onPipes.pid()));
    }

    @Test
    void onPipesStderrStaysApartStdinEndsAndTheExitStatusComesBack() throws Exception {
        SessionProcess p = pipes("cat; echo oops >&2; exit 3");
        p.input().write("line\n".getBytes(StandardCharsets.US_ASCII));
        p.input().close();

        assertThat(readAll(p.output())).isEqualTo("line\n");
        assertThat(readAll(p.errors().orElseThrow())).isEqualTo("oops\n");
        assertThat(p.waitFor()).isEqualTo(3);
    }

    @Test
    void hangingUpEndsTheProgramAndWhatItStartedOnAPty() throws Exception {
        assertHangUpEndsTheGroup(pty("sleep 100 & echo $!; wait"));
    }

    @Test
    void hangingUpEndsTheProgramAndWhatItStartedOnPipes() throws Exception {
        assertHangUpEndsTheGroup(pipes("sleep 100 & echo $!; wait"));
    }

    @Test
    void hangingUpEndsTheJobsOfAnInteractiveShellThatLeadGroupsOfTheirOwn() throws Exception {
        process = SessionProcess.onPty(List.of("/bin/bash", "--norc", "--noprofile", "-i"), ENV, dir, VT100);
        process.input().write("sleep 100 & echo job=$!\n".getBytes(StandardCharsets.US_ASCII));
        process.input().flush();
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("\njob=(\\d+)\r\n").matcher("");
        StringBuilder seen = new StringBuilder();
        for (int b = process.output().read(); b >= 0 && !m.reset(seen).find(); b = process.output().read()) {
            seen.append((char) b);
        }
        long job = Long.parseLong(m.group(1));
        ProcessHandle shell = ProcessHandle.of(process.pid()).orElseThrow();
        assertThat(java.nio.file.Files.readString(Path.of("/proc/" + job + "/stat")).split(" ")[4])
                .as("job control: the job leads its own group").isEqualTo(Long.toString(job));

        process.hangUp();

        await().atMost(WAIT).until(() -> !shell.isAlive() && ProcessHandle.of(job).isEmpty());
    }

    private void assertHangUpEndsTheGroup(SessionProcess p) throws Exception {
        long child = Long.parseLong(firstLine(p.output()));
        ProcessHandle shell = ProcessHandle.of(p.pid()).orElseThrow();
        assertThat(ProcessHandle.of(child)).isPresent();

        p.hangUp();

        await().atMost(WAIT).until(() -> !shell.isAlive() && ProcessHandle.of(child).isEmpty());
        assertThat(p.waitFor()).isEqualTo(128 + ProcessGroups.SIGHUP);
    }

    private static String firstLine(InputStream in) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        for (int b = in.read(); b >= 0 && b != '\n'; b = in.read()) {
            line.write(b);
        }
        return line.toString(StandardCharsets.US_ASCII).strip();
    }

    /** Everything until the end of output (on a pty: the program and everything on the pty ended). */
    private static String readAll(InputStream in) {
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        byte[] buf = new byte[4096];
        try {
            for (int n = in.read(buf); n >= 0; n = in.read(buf)) {
                all.write(buf, 0, n);
            }
        } catch (IOException e) {
            // a pty's EIO: the end
        }
        return all.toString(StandardCharsets.UTF_8);
    }
}
