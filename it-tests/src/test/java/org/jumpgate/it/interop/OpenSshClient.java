package org.jumpgate.it.interop;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.jumpgate.it.fixture.BackgroundProcess;
import org.jumpgate.it.fixture.ControlMaster;
import org.jumpgate.it.fixture.OpenSsh;
import org.jumpgate.it.fixture.Processes;
import org.jumpgate.it.fixture.Result;
import org.jumpgate.it.fixture.TmuxTerminal;
import org.jumpgate.it.gateway.EchoServer;

/**
 * OpenSSH's {@code ssh}, {@code scp} and {@code sftp} through the existing {@link OpenSsh}
 * fixture: a config in the shape of the cluster login guide ({@code Host mila},
 * {@code Host cn-???? / ProxyJump mila}), the code answered by an askpass helper.
 */
final class OpenSshClient implements InteropClient {

    private final OpenSsh ssh;
    private final String version;

    OpenSshClient(InteropCluster cluster) {
        this.ssh = cluster.gateway().client(cluster.user(), cluster.computeKnownHosts());
        Result v = Processes.run(List.of(OpenSsh.SSH, "-V"), Map.of(), null, Duration.ofSeconds(10));
        this.version = (v.stderr() + v.stdout()).strip().split("[ ,]")[0].replace('_', ' ');
    }

    @Override
    public String name() {
        return version + " (ssh, scp, sftp)";
    }

    @Override
    public Result exec(Supplier<String> codes, String command) {
        return ssh.withCode(codes.get()).ssh("mila", command);
    }

    @Override
    public List<String> ptySizes(Supplier<String> codes) {
        try (TmuxTerminal tty = ssh.withCode(codes.get())
                .terminal(PtyResize.ROWS, PtyResize.COLUMNS, "xterm", "mila")) {
            return PtyResize.sizes(tty, null);
        }
    }

    @Override
    public void roundTrip(Supplier<String> codes, Path local, String remote, Path download) {
        Result up = ssh.withCode(codes.get()).scp(local.toString(), "mila:" + remote);
        check("scp upload", up);
        Result down = ssh.withCode(codes.get()).sftpBatch("mila", "get " + remote + " " + download, "rm " + remote);
        check("sftp download", down);
    }

    @Override
    public Result jump(Supplier<String> codes, String node, String command) {
        return ssh.withCode(codes.get()).ssh(node, command);
    }

    @Override
    public String forward(Supplier<String> codes, int port, String text) {
        int local = freePort();
        try (BackgroundProcess fwd = ssh.withCode(codes.get())
                .startSsh("-N", "-o", "ExitOnForwardFailure=yes", "-L", "127.0.0.1:" + local + ":localhost:" + port,
                        "mila")) {
            return Forwards.awaitEcho(local, text, fwd);
        }
    }

    /** {@code ssh -v mila true}: OpenSSH's {@code kex: server->client cipher: ... MAC: ...} line. */
    @Override
    public String cipher(Supplier<String> codes) {
        Result r = ssh.withCode(codes.get()).ssh("-v", "mila", "true");
        check("ssh -v", r);
        return r.stderr().lines().filter(l -> l.contains("kex: server->client cipher: ")).findFirst()
                .map(l -> l.substring(l.indexOf("cipher: ") + "cipher: ".length()).replace(" compression: none", "")
                        .replace("MAC: ", "MAC ").strip())
                .orElseThrow(() -> new AssertionError("no 'kex: server->client cipher' line in ssh -v: " + r));
    }

    /** A ControlMaster connection to the gateway ({@code ssh -o ControlMaster=yes -f -N mila}). */
    ControlMaster controlMaster(String code) {
        return ssh.withCode(code).startControlMaster("mila");
    }

    /** {@code ssh -S SOCKET mila COMMAND </dev/null}: a session over the master's connection, no code asked. */
    Result overMaster(ControlMaster master, String command) {
        return ssh.withoutCode().ssh("-S", master.socket().toString(), "mila", command);
    }

    @Override
    public void close() {
        ssh.close();
    }

    static void check(String what, Result r) {
        if (!r.ok()) {
            throw new AssertionError(what + " failed: " + r);
        }
    }

    static int freePort() {
        try {
            return EchoServer.freePort();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
