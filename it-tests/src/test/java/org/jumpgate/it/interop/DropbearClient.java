package org.jumpgate.it.interop;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.jumpgate.it.fixture.BackgroundProcess;
import org.jumpgate.it.fixture.Processes;
import org.jumpgate.it.fixture.Requirements;
import org.jumpgate.it.fixture.Result;
import org.jumpgate.it.fixture.TempDirs;
import org.jumpgate.it.fixture.TmuxTerminal;

/**
 * Dropbear's client {@code dbclient} ({@code dropbear-bin}). The user's OpenSSH key is converted
 * with {@code dropbearconvert}; host keys are pinned in {@code ~/.ssh/known_hosts} of a private
 * {@code HOME} (dbclient looks hosts up by name alone, without the port); the code prompt is
 * answered on a pty by {@code expect}, or typed into a tmux terminal. The jump is dbclient's own
 * multi-hop syntax ({@code user@gateway/port,user@cn-a001}: a {@code dbclient -B} netcat hop).
 * dropbear-bin ships no scp or sftp program: the transfer is OpenSSH's {@code sftp} over
 * dbclient's transport ({@code sftp -S dbclient}, which dbclient's {@code -s} exists for).
 */
final class DropbearClient implements InteropClient {

    static final String DBCLIENT = "/usr/bin/dbclient";
    static final String DROPBEARCONVERT = "/usr/bin/dropbearconvert";
    static final String SFTP = "/usr/bin/sftp";
    static final Duration TIMEOUT = Duration.ofSeconds(60);

    private final Path dir;
    private final Path home;
    private final Path key;
    private final Expect expect;
    private final String user;
    private final int port;
    private final String version;
    private final AtomicInteger counter = new AtomicInteger();

    DropbearClient(InteropCluster cluster) {
        Requirements.assumeProgram(DBCLIENT);
        Requirements.assumeProgram(DROPBEARCONVERT);
        user = cluster.user().name();
        port = cluster.gatewayPort();
        dir = TempDirs.create("dropbear");
        try {
            home = Files.createDirectories(dir.resolve("home"));
            Path dotSsh = Files.createDirectory(home.resolve(".ssh"),
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
            List<String> known = new ArrayList<>();
            cluster.gatewayHostKeys().forEach(k -> known.add("127.0.0.1 " + k));
            known.addAll(cluster.computeKnownHosts());
            TempDirs.write(dotSsh.resolve("known_hosts"), String.join("\n", known) + "\n", "rw-------");
            expect = new Expect(dir);
            key = dir.resolve("user.dropbear");
            Result conv = Processes.run(List.of(DROPBEARCONVERT, "openssh", "dropbear",
                    cluster.user().privateKey().toString(), key.toString()), env(), null, TIMEOUT);
            OpenSshClient.check("dropbearconvert", conv);
            Files.setPosixFilePermissions(key, PosixFilePermissions.fromString("rw-------"));
            Result v = Processes.run(List.of(DBCLIENT, "-V"), env(), null, TIMEOUT);
            version = (v.stdout() + v.stderr()).lines().filter(l -> l.startsWith("Dropbear")).findFirst()
                    .orElse("Dropbear ?").replace(" v", " ").strip();
        } catch (IOException e) {
            close();
            throw new UncheckedIOException(e);
        } catch (RuntimeException | Error e) {
            close();
            throw e;
        }
    }

    @Override
    public String name() {
        return version + " (dbclient)";
    }

    @Override
    public Result exec(Supplier<String> codes, String command) {
        return expect.run(dbclient(List.of(), "127.0.0.1", command), env(), codes.get(), TIMEOUT);
    }

    @Override
    public List<String> ptySizes(Supplier<String> codes) {
        List<String> cmd = new ArrayList<>(List.of("/usr/bin/env", "TERM=xterm", "HOME=" + home));
        cmd.addAll(dbclient(List.of("-t"), "127.0.0.1", null));
        try (TmuxTerminal tty = TmuxTerminal.start(newDir("tty"), PtyResize.ROWS, PtyResize.COLUMNS, cmd, env())) {
            return PtyResize.sizes(tty, codes.get());
        }
    }

    @Override
    public void roundTrip(Supplier<String> codes, Path local, String remote, Path download) {
        Requirements.assumeProgram(SFTP);
        Path batch = newDir("sftp").resolve("batch");
        TempDirs.write(batch, "put " + local + " " + remote + "\nget " + remote + " " + download + "\nrm " + remote
                + "\n", "rw-------");
        Result r = expect.run(List.of(SFTP, "-S", DBCLIENT, "-i", key.toString(), "-P", Integer.toString(port), "-b",
                batch.toString(), user + "@127.0.0.1"), env(), codes.get(), TIMEOUT);
        OpenSshClient.check("sftp -S dbclient", r);
    }

    @Override
    public Result jump(Supplier<String> codes, String node, String command) {
        List<String> cmd = new ArrayList<>(List.of(DBCLIENT, "-i", key.toString(),
                user + "@127.0.0.1/" + port + "," + user + "@" + node, command));
        return expect.run(cmd, env(), codes.get(), TIMEOUT);
    }

    @Override
    public String forward(Supplier<String> codes, int targetPort, String text) {
        int local = OpenSshClient.freePort();
        List<String> cmd = dbclient(List.of("-N", "-o", "ExitOnForwardFailure=yes", "-L",
                "127.0.0.1:" + local + ":localhost:" + targetPort), "127.0.0.1", null);
        try (BackgroundProcess fwd = expect.start(cmd, env(), codes.get(), Duration.ofMinutes(5), newDir("fwd"))) {
            return Forwards.awaitEcho(local, text, fwd);
        }
    }

    @Override
    public void close() {
        TempDirs.delete(dir);
    }

    private List<String> dbclient(List<String> options, String host, String command) {
        List<String> cmd = new ArrayList<>(List.of(DBCLIENT, "-i", key.toString(), "-p", Integer.toString(port),
                "-l", user));
        cmd.addAll(options);
        cmd.add(host);
        if (command != null) {
            cmd.add(command);
        }
        return cmd;
    }

    private Map<String, String> env() {
        Map<String, String> e = new HashMap<>();
        e.put("HOME", home.toString());
        e.put("SSH_AUTH_SOCK", null); // dbclient would use an agent: none from the machine's user
        return e;
    }

    private Path newDir(String prefix) {
        try {
            return Files.createDirectory(dir.resolve(prefix + "-" + counter.incrementAndGet()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
