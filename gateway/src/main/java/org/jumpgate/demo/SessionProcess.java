package org.jumpgate.demo;

import com.pty4j.PtyProcess;
import com.pty4j.PtyProcessBuilder;
import com.pty4j.WinSize;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jumpgate.demo.NodeChannelSession.PtyRequest;

/**
 * The program of one session on a demo node, in its own session and process group as sshd
 * starts it: on a pseudo-terminal (pty4j: the child is a session leader whose controlling
 * terminal is the pty, so the line discipline echoes, turns Ctrl-C into SIGINT for the
 * foreground job and PuTTY's CR into a newline), or on three pipes through util-linux
 * {@code setsid}. {@link #hangUp()} ends it as a hung-up terminal would.
 */
final class SessionProcess {

    /** util-linux (Essential on Debian): a new session, so the command leads its own process group. */
    static final String SETSID = "/usr/bin/setsid";

    private final Process process;
    private final boolean pty;
    private final AtomicBoolean hungUp = new AtomicBoolean();

    private SessionProcess(Process process, boolean pty) {
        this.process = process;
        this.pty = pty;
    }

    /**
     * Sets the pty's size from inside, then becomes the program. pty4j sets the initial size from
     * the JVM only after the child started, so a program that looks at once (an immediate
     * {@code stty size}, {@code ssh -t mila htop}) could see 0x0.
     */
    static final String SIZE_THEN_EXEC = "stty rows \"$1\" cols \"$2\" 2>/dev/null; shift 2; exec \"$@\"";

    /** Starts {@code argv} on a new pty of the requested size, in {@code dir}, with exactly {@code env}. */
    static SessionProcess onPty(List<String> argv, Map<String, String> env, Path dir, PtyRequest request)
            throws IOException {
        List<String> cmd = new ArrayList<>(List.of("/bin/sh", "-c", SIZE_THEN_EXEC, "sh",
                Integer.toString(request.rows()), Integer.toString(request.columns())));
        cmd.addAll(argv);
        PtyProcess p = new PtyProcessBuilder(cmd.toArray(String[]::new)).setEnvironment(env)
                .setDirectory(dir.toString()).setInitialColumns(request.columns()).setInitialRows(request.rows())
                .setConsole(false).start();
        return new SessionProcess(p, true);
    }

    /** Starts {@code argv} on pipes (stdin, stdout, stderr apart), in {@code dir}, with exactly {@code env}. */
    static SessionProcess onPipes(List<String> argv, Map<String, String> env, Path dir) throws IOException {
        List<String> cmd = new ArrayList<>(List.of(SETSID));
        cmd.addAll(argv);
        ProcessBuilder b = new ProcessBuilder(cmd).directory(dir.toFile());
        b.environment().clear();
        b.environment().putAll(env);
        return new SessionProcess(b.start(), false);
    }

    boolean onPty() {
        return pty;
    }

    long pid() {
        return process.pid();
    }

    /** What the program reads: the pty, or its stdin pipe. */
    OutputStream input() {
        return process.getOutputStream();
    }

    /** What the program writes: the pty (stdout and stderr together), or its stdout pipe. */
    InputStream output() {
        return process.getInputStream();
    }

    /** The stderr pipe; none on a pty, where stderr is the terminal too. */
    Optional<InputStream> errors() {
        return pty ? Optional.empty() : Optional.of(process.getErrorStream());
    }

    /** Waits for the program to end: its exit status, or 128 + the signal that ended it. */
    int waitFor() throws InterruptedException {
        return process.waitFor();
    }

    /** New terminal size (a {@code window-change}); the kernel sends SIGWINCH to the foreground job. */
    void resize(int columns, int rows) {
        if (pty && process.isAlive() && columns > 0 && rows > 0) {
            ((PtyProcess) process).setWinSize(new WinSize(columns, rows));
        }
    }

    /** A client's {@code signal} request, to the program's process group (while it has not been hung up). */
    void signal(int signal) {
        if (!hungUp.get()) {
            ProcessGroups.signal(process.pid(), signal);
        }
    }

    /**
     * Ends the session's processes: SIGHUP (once) to the process group and to every process the
     * program started that is still its descendant (background jobs lead groups of their own),
     * then closes this side of the pty or pipes so nothing of the session stays open here.
     * What left the tree on purpose (a daemonised tmux server, {@code setsid -f}) stays, as on a
     * login node.
     */
    void hangUp() {
        if (hungUp.compareAndSet(false, true)) {
            // only while the program lives: once it is reaped, its pid may name someone else
            List<ProcessHandle> started = process.isAlive()
                    ? ProcessHandle.of(process.pid()).map(h -> h.descendants().toList()).orElse(List.of())
                    : List.of();
            ProcessGroups.hangUp(process.pid());
            started.forEach(h -> ProcessGroups.hangUpProcess(h.pid()));
            closeQuietly(process.getOutputStream());
            closeQuietly(process.getInputStream());
            closeQuietly(process.getErrorStream());
        }
    }

    private static void closeQuietly(java.io.Closeable c) {
        try {
            c.close();
        } catch (IOException e) {
            // closing anyway
        }
    }
}
