package org.jumpgate.it.interop;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.jumpgate.it.fixture.BackgroundProcess;
import org.jumpgate.it.fixture.Processes;
import org.jumpgate.it.fixture.Requirements;
import org.jumpgate.it.fixture.Result;
import org.jumpgate.it.fixture.TempDirs;
import org.jumpgate.it.fixture.TmuxTerminal;

/**
 * PuTTY's command-line tools ({@code putty-tools}): {@code plink}, {@code pscp}, {@code psftp}.
 * The user's OpenSSH key is converted with {@code puttygen} to a {@code .ppk}; the client's
 * settings are PuTTY saved sessions in a private {@code HOME} ({@code ~/.putty/sessions/mila}:
 * the gateway with its host key fingerprints pinned, as {@code -hostkey} does;
 * {@code ~/.putty/sessions/cn-a001}: the compute node through PuTTY's own SSH proxy, a
 * direct-tcpip jump through {@code mila}). The code prompt is answered on a pty by
 * {@code expect}, or typed into a tmux terminal.
 *
 * <p>Connection sharing ({@code -share}) puts its socket in {@code /tmp/putty-connshare.USER/}
 * (a fixed path in PuTTY 0.78); what this client made there is removed on close.
 */
final class PuttyClient implements InteropClient {

    static final String PLINK = "/usr/bin/plink";
    static final String PSCP = "/usr/bin/pscp";
    static final String PSFTP = "/usr/bin/psftp";
    static final String PUTTYGEN = "/usr/bin/puttygen";
    static final String SESSION = "mila";
    static final Duration TIMEOUT = Duration.ofSeconds(60);

    private static final Path SHARE_DIR = Path.of("/tmp/putty-connshare." + System.getProperty("user.name"));

    private final Path dir;
    private final Path home;
    private final Expect expect;
    private final String version;
    private final List<AutoCloseable> owned = new ArrayList<>();
    private final AtomicInteger counter = new AtomicInteger();
    private final boolean shareDirExisted;
    private final Set<Path> shareEntriesBefore;

    PuttyClient(InteropCluster cluster) {
        for (String p : List.of(PLINK, PSCP, PSFTP, PUTTYGEN)) {
            Requirements.assumeProgram(p);
        }
        shareDirExisted = Files.isDirectory(SHARE_DIR);
        shareEntriesBefore = shareEntries();
        dir = TempDirs.create("putty");
        try {
            home = Files.createDirectories(dir.resolve("home/.putty/sessions")).getParent().getParent();
            expect = new Expect(dir);
            Path ppk = dir.resolve("user.ppk");
            Result conv = Processes.run(List.of(PUTTYGEN, cluster.user().privateKey().toString(), "-O", "private",
                    "-o", ppk.toString()), env(), null, TIMEOUT);
            OpenSshClient.check("puttygen", conv);
            Files.setPosixFilePermissions(ppk, PosixFilePermissions.fromString("rw-------"));
            String user = cluster.user().name();
            session(SESSION, Map.of("HostName", "127.0.0.1", "PortNumber", Integer.toString(cluster.gatewayPort()),
                    "UserName", user, "PublicKeyFile", ppk.toString(),
                    "SSHManualHostKeys", fingerprints(cluster.gatewayHostKeys())));
            session(InteropCluster.COMPUTE_NODE, Map.of("HostName", InteropCluster.COMPUTE_NODE, "PortNumber", "22",
                    "UserName", user, "PublicKeyFile", ppk.toString(),
                    "SSHManualHostKeys", fingerprints(cluster.computeHostKeys()),
                    // PuTTY's SSH proxy (6 = "SSH to proxy and use port forwarding"): a direct-tcpip
                    // jump through the saved session named by ProxyHost, like ssh -J
                    "ProxyMethod", "6", "ProxyHost", SESSION, "ProxyPort", Integer.toString(cluster.gatewayPort())));
            Result v = Processes.run(List.of(PLINK, "-V"), env(), null, TIMEOUT);
            version = v.stdout().lines().filter(l -> l.contains("Release")).findFirst().orElse("plink ?")
                    .replace("plink: Release", "PuTTY").strip();
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
        return version + " (plink, pscp, psftp)";
    }

    @Override
    public Result exec(Supplier<String> codes, String command) {
        return expect.run(List.of(PLINK, "-no-antispoof", SESSION, command), env(), codes.get(), TIMEOUT);
    }

    /** {@code plink -v}: its event log's {@code Initialised ... inbound ...} lines (server-to-client cipher, MAC). */
    @Override
    public String cipher(Supplier<String> codes) {
        Result r = expect.run(List.of(PLINK, "-v", "-no-antispoof", SESSION, "true"), env(), codes.get(), TIMEOUT);
        OpenSshClient.check("plink -v", r);
        String inbound = r.stdout().lines().filter(l -> l.startsWith("Initialised ") && l.contains(" inbound "))
                .map(l -> l.substring("Initialised ".length()).strip()).collect(Collectors.joining("; "));
        if (inbound.isEmpty()) {
            throw new AssertionError("no 'Initialised ... inbound' line in plink -v: " + r);
        }
        return inbound;
    }

    @Override
    public List<String> ptySizes(Supplier<String> codes) {
        Path ttyDir = newDir("tty");
        List<String> cmd = new ArrayList<>(List.of("/usr/bin/env", "TERM=xterm"));
        env().forEach((k, v) -> cmd.add(k + "=" + v));
        cmd.addAll(List.of(PLINK, "-t", "-no-antispoof", SESSION));
        try (TmuxTerminal tty = TmuxTerminal.start(ttyDir, PtyResize.ROWS, PtyResize.COLUMNS, cmd, env())) {
            return PtyResize.sizes(tty, codes.get());
        }
    }

    @Override
    public void roundTrip(Supplier<String> codes, Path local, String remote, Path download) {
        // pscp -scp: the SCP protocol up; psftp: SFTP down
        Result up = expect.run(List.of(PSCP, "-scp", "-q", local.toString(), SESSION + ":" + remote), env(),
                codes.get(), TIMEOUT);
        OpenSshClient.check("pscp -scp upload", up);
        Path batch = newDir("psftp").resolve("batch");
        TempDirs.write(batch, "get " + remote + " " + download + "\nrm " + remote + "\n", "rw-------");
        Result down = expect.run(List.of(PSFTP, "-b", batch.toString(), SESSION), env(), codes.get(), TIMEOUT);
        OpenSshClient.check("psftp download", down);
    }

    @Override
    public Result jump(Supplier<String> codes, String node, String command) {
        return expect.run(List.of(PLINK, "-no-antispoof", node, command), env(), codes.get(), TIMEOUT);
    }

    @Override
    public String forward(Supplier<String> codes, int port, String text) {
        int local = OpenSshClient.freePort();
        try (BackgroundProcess fwd = expect.start(List.of(PLINK, "-N", "-no-antispoof", "-L",
                "127.0.0.1:" + local + ":localhost:" + port, SESSION), env(), codes.get(), Duration.ofMinutes(5),
                newDir("fwd"))) {
            return Forwards.awaitEcho(local, text, fwd);
        }
    }

    /**
     * A connection-sharing upstream ({@code plink -share -N mila}), logged in with {@code code};
     * returns once it is authenticated and its sharing socket answers {@code -shareexists}.
     */
    BackgroundProcess shareUpstream(String code) {
        BackgroundProcess up = expect.start(List.of(PLINK, "-v", "-share", "-N", "-no-antispoof", SESSION), env(), code,
                Duration.ofMinutes(5), newDir("upstream"));
        owned.add(up);
        await("plink -share upstream authenticated and sharing").atMost(TIMEOUT).pollInterval(Duration.ofMillis(100))
                .until(() -> {
                    if (!up.isAlive()) {
                        throw new AssertionError("plink -share upstream exited\n" + up.stdout() + up.stderr());
                    }
                    return up.stdout().contains("Access granted")
                            && Processes.run(List.of(PLINK, "-shareexists", SESSION), env(), null, TIMEOUT).ok();
                });
        return up;
    }

    /**
     * A downstream of the sharing upstream: {@code plink -share -batch mila COMMAND} with stdin
     * closed ({@code /dev/null}); {@code -batch} so that it fails rather than log in by itself
     * when there is no upstream.
     */
    Result shareDownstream(String command) {
        return Processes.run(List.of(PLINK, "-share", "-batch", SESSION, command), env(), null, TIMEOUT);
    }

    @Override
    public void close() {
        for (AutoCloseable c : owned) {
            try {
                c.close();
            } catch (Exception e) {
                // keep stopping the others
            }
        }
        removeShareEntries();
        TempDirs.delete(dir);
    }

    private Map<String, String> env() {
        Map<String, String> e = new HashMap<>();
        e.put("HOME", home.toString());
        e.put("XDG_CONFIG_HOME", null);
        e.put("SSH_AUTH_SOCK", null); // PuTTY would use an OpenSSH agent on Unix: none from the machine's user
        return e;
    }

    private void session(String name, Map<String, String> settings) {
        Map<String, String> all = new java.util.LinkedHashMap<>(Map.of("Protocol", "ssh", "TryAgent", "0",
                "AgentFwd", "0", "TerminalType", "xterm"));
        all.putAll(settings);
        String text = all.entrySet().stream().map(en -> en.getKey() + "=" + en.getValue())
                .collect(Collectors.joining("\n", "", "\n"));
        TempDirs.write(home.resolve(".putty/sessions").resolve(name), text, "rw-------");
    }

    private static String fingerprints(List<String> publicKeys) {
        return publicKeys.stream().map(InteropCluster::sha256Fingerprint).collect(Collectors.joining(","));
    }

    private Path newDir(String prefix) {
        try {
            return Files.createDirectory(dir.resolve(prefix + "-" + counter.incrementAndGet()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Set<Path> shareEntries() {
        if (!Files.isDirectory(SHARE_DIR)) {
            return Set.of();
        }
        try (Stream<Path> s = Files.list(SHARE_DIR)) {
            return s.collect(Collectors.toCollection(LinkedHashSet::new));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Removes the sharing sockets' dirs this client made; the parent too if it made it and nobody else uses it. */
    private void removeShareEntries() {
        for (Path p : shareEntries()) {
            if (!shareEntriesBefore.contains(p) && !p.getFileName().toString().equals("salt")) {
                TempDirs.delete(p);
            }
        }
        Set<Path> left = shareEntries();
        if (!shareDirExisted && left.stream().allMatch(p -> p.getFileName().toString().equals("salt"))) {
            TempDirs.delete(SHARE_DIR);
        }
    }
}
