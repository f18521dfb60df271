package org.jumpgate.demo;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Duration;
import java.util.EnumSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.sshd.server.Environment;
import org.apache.sshd.server.ExitCallback;
import org.apache.sshd.server.Signal;
import org.apache.sshd.server.channel.ChannelSession;
import org.apache.sshd.server.command.Command;
import org.jumpgate.demo.NodeChannelSession.PtyRequest;

/**
 * A {@code shell} or {@code exec} request on a demo node, as sshd runs it: the user's shell in
 * the demo home, on a pty if the client asked for one (window-change resizes it), on pipes if
 * not (stdin EOF reaches the program, stderr stays apart). The exit status goes back to the
 * client once the program's output is drained; when the channel closes first, the session's
 * process group gets SIGHUP.
 */
final class NodeCommand implements Command {

    /** How long output may keep coming after the program exits (a background job holding its pipes). */
    static final Duration DRAIN = Duration.ofSeconds(2);

    /** Client {@code signal} requests passed on; WINCH is the pty's own business. */
    private static final Set<Signal> PASSED_ON = EnumSet.complementOf(EnumSet.of(Signal.WINCH));

    private final LoginEnvironment login;
    private final String commandLine;
    private InputStream in;
    private OutputStream out;
    private OutputStream err;
    private ExitCallback exit;
    private volatile SessionProcess process;
    private final AtomicBoolean ended = new AtomicBoolean();

    /** @param commandLine the {@code exec} command, or {@code null} for a login shell */
    NodeCommand(LoginEnvironment login, String commandLine) {
        this.login = login;
        this.commandLine = commandLine;
    }

    @Override
    public void setInputStream(InputStream in) {
        this.in = in;
    }

    @Override
    public void setOutputStream(OutputStream out) {
        this.out = out;
    }

    @Override
    public void setErrorStream(OutputStream err) {
        this.err = err;
    }

    @Override
    public void setExitCallback(ExitCallback callback) {
        this.exit = callback;
    }

    @Override
    public void start(ChannelSession channel, Environment env) throws IOException {
        Optional<PtyRequest> pty = NodeChannelSession.ptyRequest(channel);
        Map<String, String> vars = login.variables(channel.getSession().getUsername(), env.getEnv());
        pty.ifPresent(p -> vars.put("TERM", p.term()));
        SessionProcess p = pty.isPresent()
                ? SessionProcess.onPty(login.argv(commandLine), vars, login.home(), pty.get())
                : SessionProcess.onPipes(login.argv(commandLine), vars, login.home());
        process = p;
        env.addSignalListener((ch, s) -> p.resize(number(env, Environment.ENV_COLUMNS),
                number(env, Environment.ENV_LINES)), Signal.WINCH);
        env.addSignalListener((ch, s) -> p.signal(s.getNumeric()), PASSED_ON);
        SessionStreams streams = SessionStreams.start("demo-" + login.node() + "-" + p.pid(), p, in, out, err);
        SessionStreams.thread("demo-" + login.node() + "-" + p.pid() + "-exit", () -> finish(p, streams));
    }

    /** After the exit: the output drained (or {@link #DRAIN} passed), the group hung up, the status sent. */
    private void finish(SessionProcess p, SessionStreams streams) {
        int status;
        try {
            status = p.waitFor();
            streams.awaitDrained(DRAIN);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        } finally {
            p.hangUp();
        }
        if (ended.compareAndSet(false, true)) {
            exit.onExit(status);
        }
    }

    /** The channel closed (client gone, or after the exit status): SIGHUP to the session's processes. */
    @Override
    public void destroy(ChannelSession channel) {
        ended.set(true);
        SessionProcess p = process;
        if (p != null) {
            p.hangUp();
        }
    }

    private static int number(Environment env, String name) {
        try {
            return Integer.parseInt(env.getEnv().getOrDefault(name, "0"));
        } catch (NumberFormatException e) {
            return 0;
        }
    }
}
