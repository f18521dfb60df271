package org.jumpgate.demo;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What a session on a demo node starts in, as sshd sets it up on a login node: the demo home
 * as working directory and {@code $HOME}, a clean environment ({@code HOME}, {@code USER},
 * {@code LOGNAME}, {@code SHELL}, {@code PATH}, {@code LOGIN_NODE}, plus what the client asked
 * for: {@code TERM} from a pty request, {@code SSH_AUTH_SOCK} from agent forwarding, accepted
 * {@code env} requests), and the user's shell: a login shell, or {@code SHELL -c COMMAND}.
 *
 * @param node  the node's name, in {@code LOGIN_NODE} and the prompt
 * @param home  the demo home (shared by every demo node, as a cluster's home is)
 * @param shell the shell's path: {@code /bin/bash}, or {@code /bin/sh} where there is no bash
 */
record LoginEnvironment(String node, Path home, String shell) {

    /** sshd's default PATH for users. */
    static final String PATH = "/usr/local/bin:/usr/bin:/bin";

    /** What the client may not set: the node says who and where the session is. */
    private static final List<String> FIXED = List.of("HOME", "USER", "LOGNAME", "SHELL", "PATH", "LOGIN_NODE");

    /** MINA puts a pty request's size here; the pty has it, and a stale copy would hide resizes from curses. */
    private static final List<String> PTY_SIZE = List.of("COLUMNS", "LINES");

    static final String PROFILE = String.join("\n",
            "# jumpgate demo home: a login shell reads this; bash then reads ~/.bashrc",
            "if [ -n \"$BASH_VERSION\" ] && [ -f \"$HOME/.bashrc\" ]; then . \"$HOME/.bashrc\"; fi", "");

    static final String BASHRC = String.join("\n",
            "# jumpgate demo home: interactive bash shells on the demo nodes read this",
            "case $- in *i*) ;; *) return ;; esac",
            "PS1='$USER@$LOGIN_NODE:\\w$ '", "");

    /** The environment for {@code node} with home {@code home} and bash if this machine has it. */
    static LoginEnvironment of(String node, Path home) {
        return new LoginEnvironment(node, home.toAbsolutePath(),
                Files.isExecutable(Path.of("/bin/bash")) ? "/bin/bash" : "/bin/sh");
    }

    /** The variables a session of {@code user} gets, given what the channel collected ({@code requested}). */
    Map<String, String> variables(String user, Map<String, String> requested) {
        Map<String, String> env = new TreeMap<>(requested);
        FIXED.forEach(env::remove);
        PTY_SIZE.forEach(env::remove);
        env.put("HOME", home.toString());
        env.put("USER", user);
        env.put("LOGNAME", user);
        env.put("SHELL", shell);
        env.put("PATH", PATH);
        env.put("LOGIN_NODE", node);
        return env;
    }

    /** The program to run: a login shell for {@code shell} requests, {@code SHELL -c COMMAND} for {@code exec}. */
    List<String> argv(String commandLine) {
        return commandLine == null ? List.of(shell, "-l") : List.of(shell, "-c", commandLine);
    }

    /** Makes the home and, if missing, a {@code .profile} and {@code .bashrc} whose prompt names the node. */
    void prepareHome() throws IOException {
        Files.createDirectories(home);
        writeIfMissing(home.resolve(".profile"), PROFILE);
        writeIfMissing(home.resolve(".bashrc"), BASHRC);
    }

    private static void writeIfMissing(Path file, String text) throws IOException {
        if (!Files.exists(file)) {
            Files.writeString(file, text);
        }
    }
}
