package org.jumpgate.it.interop;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

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
import java.util.function.Supplier;
import org.jumpgate.it.fixture.Processes;
import org.jumpgate.it.fixture.Requirements;
import org.jumpgate.it.fixture.Result;
import org.jumpgate.it.fixture.TempDirs;

/**
 * A Python SSH library driven by a script of ours ({@code <module>_client.py}, one cell per
 * run) under Debian's {@code /usr/bin/python3}, which has the Debian packages (the first
 * {@code python3} on PATH may be another one). The library answers the code prompt
 * programmatically; the code comes in the environment. Subclasses name the library.
 */
abstract class PythonClient implements InteropClient {

    static final String PYTHON = "/usr/bin/python3";
    static final Duration TIMEOUT = Duration.ofSeconds(60);

    private final InteropCluster cluster;
    private final Path dir;
    private final Path script;
    private final Path knownHosts;
    private final Path nodeKnownHosts;
    private final String version;

    /** @param module the library's Python module, {@code paramiko} or {@code asyncssh}; @param pkg its Debian package */
    PythonClient(InteropCluster cluster, String module, String pkg) {
        Requirements.assumeProgram(PYTHON);
        Result probe = Processes.run(List.of(PYTHON, "-W", "ignore", "-c",
                "import " + module + "; print(" + module + ".__version__)"), Map.of(), null, TIMEOUT);
        assumeTrue(probe.ok(), module + " is not importable by " + PYTHON + " (Debian package " + pkg
                + ", see .ci/run): " + probe.stderr().strip());
        this.cluster = cluster;
        this.version = module + " " + probe.stdout().strip();
        dir = TempDirs.create(module);
        try {
            script = copyResource(module + "_client.py");
            copyResource("interop_args.py"); // the command line both scripts take, imported from beside them
            knownHosts = dir.resolve("known_hosts");
            TempDirs.write(knownHosts, String.join("\n", cluster.gatewayKnownHosts()) + "\n", "rw-------");
            nodeKnownHosts = dir.resolve("node_known_hosts");
            TempDirs.write(nodeKnownHosts, String.join("\n", cluster.computeKnownHosts()) + "\n", "rw-------");
        } catch (IOException e) {
            TempDirs.delete(dir);
            throw new UncheckedIOException(e);
        } catch (RuntimeException | Error e) {
            TempDirs.delete(dir);
            throw e;
        }
    }

    @Override
    public String name() {
        return version;
    }

    @Override
    public Result exec(Supplier<String> codes, String command) {
        return run(codes.get(), "exec", command);
    }

    @Override
    public List<String> ptySizes(Supplier<String> codes) {
        Result r = run(codes.get(), "pty");
        OpenSshClient.check(version + " pty", r);
        return InteropCluster.lines(r.stdout());
    }

    @Override
    public void roundTrip(Supplier<String> codes, Path local, String remote, Path download) {
        OpenSshClient.check(version + " sftp", run(codes.get(), "sftp", local.toString(), remote, download.toString()));
    }

    @Override
    public Result jump(Supplier<String> codes, String node, String command) {
        return run(codes.get(), "jump", node, nodeKnownHosts.toString(), command);
    }

    @Override
    public String forward(Supplier<String> codes, int port, String text) {
        Result r = run(codes.get(), "forward", "localhost", Integer.toString(port), text);
        OpenSshClient.check(version + " forward", r);
        return r.stdout().strip();
    }

    /** The script's {@code cipher} cell, where the library has one (paramiko: {@code Transport.remote_cipher}, {@code remote_mac}). */
    @Override
    public String cipher(Supplier<String> codes) {
        if (!version.startsWith("paramiko")) {
            return InteropClient.super.cipher(codes);
        }
        Result r = run(codes.get(), "cipher");
        OpenSshClient.check(version + " cipher", r);
        return r.stdout().strip();
    }

    @Override
    public void close() {
        TempDirs.delete(dir);
    }

    private Result run(String code, String cell, String... args) {
        List<String> cmd = new ArrayList<>(List.of(PYTHON, script.toString(), "--host", "127.0.0.1", "--port",
                Integer.toString(cluster.gatewayPort()), "--user", cluster.user().name(), "--key",
                cluster.user().privateKey().toString(), "--known-hosts", knownHosts.toString(), cell));
        cmd.addAll(List.of(args));
        Map<String, String> env = new HashMap<>();
        env.put("JG_CODE", code);
        env.put("PYTHONDONTWRITEBYTECODE", "1");
        env.put("SSH_AUTH_SOCK", null); // no agent keys of the machine's user
        return Processes.run(cmd, env, null, TIMEOUT);
    }

    private Path copyResource(String name) throws IOException {
        try (InputStream in = PythonClient.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException(name + " resource missing");
            }
            Path file = dir.resolve(name);
            TempDirs.write(file, new String(in.readAllBytes(), StandardCharsets.UTF_8), "rw-------");
            return file;
        }
    }
}
