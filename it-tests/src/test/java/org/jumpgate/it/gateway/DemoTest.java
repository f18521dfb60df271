package org.jumpgate.it.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Proxy;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jumpgate.auth.Totp;
import org.jumpgate.demo.Demo;
import org.jumpgate.it.fixture.BackgroundProcess;
import org.jumpgate.testing.ManualClock;
import org.jumpgate.it.fixture.OpenSsh;
import org.jumpgate.it.fixture.Processes;
import org.jumpgate.it.fixture.Requirements;
import org.jumpgate.it.fixture.Result;
import org.jumpgate.it.fixture.SshKeygen;
import org.jumpgate.it.fixture.TmuxTerminal;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code jumpgate demo}: what it prints is enough for a real ssh to log in, and the demo's
 * nodes are a place to live in: a real terminal, a home of their own, forwarding and the agent.
 * Real OpenSSH programs use the ssh_config the demo prints ({@code -F}, given last, wins over
 * the fixture's) and one-time codes from the printed secret.
 */
class DemoTest {

    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final String PLINK = "/usr/bin/plink";
    private static final String PUTTYGEN = "/usr/bin/puttygen";
    private static final Pattern PIDS = Pattern.compile("\npids=(\\d+),(\\d+)\n");

    @TempDir
    Path dir;

    @TempDir
    static Path shared;

    static ManualClock clock;
    static Demo demo;
    static OpenSsh client;
    static EchoServer echo;

    @BeforeAll
    static void start() throws Exception {
        clock = new ManualClock();
        demo = Demo.start(new Demo.Options(shared.resolve("demo"), 0, clock));
        client = OpenSsh.builder(Demo.USER, demo.userKey()).gatewayPort(demo.port())
                .knownHosts(Files.readAllLines(demo.knownHosts())).build();
        echo = new EchoServer();
    }

    @AfterAll
    static void stop() throws Exception {
        if (client != null) {
            client.close();
        }
        if (echo != null) {
            echo.close();
        }
        if (demo != null) {
            demo.close();
        }
    }

    /** Each login takes a new one-time code: the demo's clock moves one step. */
    private static OpenSsh login() {
        return client.withCode(Totp.fromBase32(demo.totpSecret()).codeAt(clock.advance(Totp.STEP)));
    }

    /** {@code ssh -F <the demo's ssh_config> args...}, the way the banner says. */
    private static List<String> ssh(String... args) {
        List<String> cmd = new ArrayList<>(List.of(OpenSsh.SSH, "-F", demo.sshConfig().toString()));
        cmd.addAll(List.of(args));
        return cmd;
    }

    private static String[] demoConfig(String... args) {
        List<String> all = new ArrayList<>(List.of("-F", demo.sshConfig().toString()));
        all.addAll(List.of(args));
        return all.toArray(String[]::new);
    }

    @Test
    void realSshLogsInToTheDemoWithWhatItPrints() throws Exception {
        ManualClock clock = new ManualClock();
        try (Demo demo = Demo.start(new Demo.Options(dir, 0, clock))) {
            String text = demo.instructions();
            assertThat(text).contains("ssh -p " + demo.port()).contains(demo.userKey().toString())
                    .contains(demo.totpSecret());
            try (OpenSsh ssh = OpenSsh.builder(Demo.USER, demo.userKey()).gatewayPort(demo.port())
                    .knownHosts(Files.readAllLines(demo.knownHosts())).build()) {
                Result r = ssh.withCode(Totp.fromBase32(demo.totpSecret()).codeAt(clock.instant()))
                        .ssh("mila", "echo hello from $LOGIN_NODE");
                assertThat(r.exitCode()).as(r.toString()).isZero();
                assertThat(r.stdout()).isEqualTo("hello from login-1\n");
            }
            // the printed ssh_config: the login guide's shape, a jump to the demo compute node
            try (OpenSsh guide = OpenSsh.builder(Demo.USER, demo.userKey()).gatewayPort(demo.port())
                    .knownHosts(Files.readAllLines(demo.knownHosts())).build()) {
                Result r = guide.withCode(Totp.fromBase32(demo.totpSecret()).codeAt(clock.advance(Totp.STEP)))
                        .run(java.util.List.of(OpenSsh.SSH, "-F", demo.sshConfig().toString(), Demo.COMPUTE_NODE,
                                "echo on $LOGIN_NODE"));
                assertThat(r.exitCode()).as(r.toString()).isZero();
                assertThat(r.stdout()).isEqualTo("on cn-demo01\n");
            }
        }
    }

    @Test
    void theBannerSaysWhereHomeIsAndWhatTheDemoCannotDo() {
        assertThat(demo.instructions()).contains("Home on the demo nodes (shells, sftp, scp, rsync): " + demo.home())
                .contains("Not in the demo:").contains("X11 forwarding");
    }

    @Test
    void anInteractiveLoginGetsAPromptOnARealTerminalThatFollowsResizes() {
        try (TmuxTerminal t = login().terminal(24, 80, "xterm-256color", demoConfig("mila"))) {
            t.awaitScreen(":~$");
            t.typeLine("tty");
            t.awaitScreen("\n/dev/pts/");
            t.typeLine("echo term=$TERM");
            t.awaitScreen("\nterm=xterm-256color\n");
            t.typeLine("stty size");
            t.awaitScreen("\n24 80\n");
            t.resize(30, 100);
            t.typeLine("stty size");
            t.awaitScreen("\n30 100\n");
            t.typeLine("exit");
            assertThat(t.awaitExit(WAIT)).isZero();
        }
    }

    @Test
    void ctrlCInterruptsARunningCommandAndThePromptComesBack() {
        try (TmuxTerminal t = login().terminal(24, 80, "xterm-256color", demoConfig("mila"))) {
            t.awaitScreen(":~$");
            t.typeLine("echo started; sleep 100");
            t.awaitScreen("\nstarted\n");
            t.keys("C-c");
            // typed ahead: runs only once sleep 100 is gone and the shell reads again
            t.typeLine("echo status=$?");
            t.awaitScreen("\nstatus=130\n");
        }
    }

    @Test
    void puttysEnterRunsTheLineInTheDemoShell() throws Exception {
        Requirements.assumeProgram(PLINK);
        Requirements.assumeProgram(PUTTYGEN);
        Path ppk = dir.resolve("demo.ppk");
        Processes.check(PUTTYGEN, demo.userKey().toString(), "-O", "private", "-o", ppk.toString());
        String hostKey = SshKeygen.fingerprint(demo.knownHosts()).lines()
                .filter(l -> l.contains("[127.0.0.1]:" + demo.port() + " ") && l.endsWith("(ED25519)"))
                .findFirst().orElseThrow().split(" ")[1];
        Path term = Files.createDirectory(dir.resolve("plink"));
        try (TmuxTerminal t = TmuxTerminal.start(term, 24, 80, List.of(PLINK, "-ssh", "-P",
                Integer.toString(demo.port()), "-i", ppk.toString(), "-hostkey", hostKey, "-no-antispoof", "-t",
                Demo.USER + "@127.0.0.1"), Map.of("TERM", "xterm"))) {
            t.awaitScreen("Verification code:");
            t.typeLine(Totp.fromBase32(demo.totpSecret()).codeAt(clock.advance(Totp.STEP)));
            t.awaitScreen(":~$");
            t.typeLine("echo putty-$((6*7))"); // PuTTY sends Enter as CR; the pty makes it a newline
            t.awaitScreen("\nputty-42\n");
        }
    }

    @Test
    void endingTheConnectionHangsUpTheShellAndWhatItStarted() {
        long shell;
        long job;
        try (TmuxTerminal t = login().terminal(24, 80, "xterm-256color", demoConfig("mila"))) {
            t.awaitScreen(":~$");
            t.typeLine("sleep 4242 & echo pids=$$,$!");
            await().atMost(WAIT).until(() -> PIDS.matcher(t.screen()).find());
            Matcher m = PIDS.matcher(t.screen());
            assertThat(m.find()).as(t.screen()).isTrue();
            shell = Long.parseLong(m.group(1));
            job = Long.parseLong(m.group(2));
            assertThat(ProcessHandle.of(shell)).isPresent();
            assertThat(ProcessHandle.of(job)).isPresent();
        } // kills ssh: the channel closes without the shell exiting
        await().atMost(WAIT).until(() -> ProcessHandle.of(shell).isEmpty() && ProcessHandle.of(job).isEmpty());
    }

    @Test
    void commandsWithoutATerminalRunOnPipesInTheDemoHome() {
        Result r = login().withStdin("piped\n".getBytes(StandardCharsets.UTF_8))
                .run(ssh("mila", "cat; pwd; echo $HOME; tty; echo oops >&2; exit 3"));

        assertThat(r.exitCode()).as(r.toString()).isEqualTo(3);
        assertThat(r.stdout()).isEqualTo("piped\n" + demo.home() + "\n" + demo.home() + "\nnot a tty\n");
        assertThat(r.stderr()).contains("oops");
    }

    @Test
    void theComputeNodeGivesTheSameTerminalAndHome() {
        Result r = login().run(ssh("-tt", Demo.COMPUTE_NODE, "tty; pwd; echo $LOGIN_NODE"));

        assertThat(r.exitCode()).as(r.toString()).isZero();
        assertThat(r.stdout()).startsWith("/dev/pts/").contains("\r\n" + demo.home() + "\r\n")
                .contains("\r\ncn-demo01\r\n");
    }

    @Test
    void aLocalForwardReachesAPortOnTheDemoLoginNode() throws Exception {
        int local = EchoServer.freePort();
        try (BackgroundProcess fwd = login().startSsh(demoConfig("-N", "-L", local + ":localhost:" + echo.port(),
                "mila"))) {
            await().atMost(WAIT).ignoreExceptions()
                    .until(() -> EchoServer.roundTrip(local, "jupyter").equals("jupyter"));
        }
    }

    @Test
    void aDynamicForwardReachesLoopbackOnTheDemoLoginNodeAndNothingElse() throws Exception {
        int socks = EchoServer.freePort();
        try (BackgroundProcess fwd = login().startSsh(demoConfig("-N", "-D", Integer.toString(socks), "mila"))) {
            await().atMost(WAIT).ignoreExceptions()
                    .until(() -> throughSocks(socks, "localhost", echo.port(), "tensorboard").equals("tensorboard"));
            assertThatThrownBy(() -> throughSocks(socks, "example.invalid", 80, "x")).isInstanceOf(IOException.class);
        }
    }

    @Test
    void aRemoteForwardListensOnTheDemoLoginNodesLoopback() {
        int remote;
        try {
            remote = EchoServer.freePort();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        Result r = login().run(ssh("-o", "ExitOnForwardFailure=yes", "-R", remote + ":localhost:" + echo.port(),
                "mila", "exec 3<>/dev/tcp/127.0.0.1/" + remote + "; echo from-demo-node >&3; read -r line <&3;"
                        + " echo got:$line"));

        assertThat(r.exitCode()).as(r.toString()).isZero();
        assertThat(r.stdout()).isEqualTo("got:from-demo-node\n");
    }

    @Test
    void aForwardedAgentListsTheUsersKeysOnTheDemoLoginNode() {
        Path sock = dir.resolve("agent.sock");
        Result agent = Processes.run(List.of("ssh-agent", "-a", sock.toString()), Map.of(), null, WAIT);
        assertThat(agent.exitCode()).as(agent.toString()).isZero();
        long agentPid = Long.parseLong(agent.stdout().replaceAll("(?s).*SSH_AGENT_PID=(\\d+).*", "$1"));
        try {
            Result add = Processes.run(List.of("ssh-add", demo.userKey().toString()),
                    Map.of("SSH_AUTH_SOCK", sock.toString()), null, WAIT);
            assertThat(add.exitCode()).as(add.toString()).isZero();

            Result r = login().withEnv("SSH_AUTH_SOCK", sock.toString()).run(ssh("-A", "mila", "ssh-add -l"));

            assertThat(r.exitCode()).as(r.toString()).isZero();
            assertThat(r.stdout()).contains(SshKeygen.fingerprint(demo.userKey()).split(" ")[1]);
        } finally {
            ProcessHandle.of(agentPid).ifPresent(ProcessHandle::destroy);
        }
    }

    @Test
    void rsyncAndScpLandInTheDemoHomeNotInTheWorkingDirectory() throws Exception {
        Path cwd = Path.of("").toAbsolutePath();
        for (String name : List.of("by-rsync.txt", "by-scp.txt", "by-legacy-scp.txt")) {
            Files.writeString(dir.resolve(name), "sent as " + name + "\n");
            assertThat(cwd.resolve(name)).doesNotExist();
        }
        Result rsync = login().run(List.of(OpenSsh.RSYNC, "-e", OpenSsh.SSH + " -F " + demo.sshConfig(),
                dir.resolve("by-rsync.txt").toString(), "mila:"));
        assertThat(rsync.exitCode()).as(rsync.toString()).isZero();
        Result scp = login().run(List.of(OpenSsh.SCP, "-F", demo.sshConfig().toString(),
                dir.resolve("by-scp.txt").toString(), "mila:"));
        assertThat(scp.exitCode()).as(scp.toString()).isZero();
        Result legacy = login().run(List.of(OpenSsh.SCP, "-O", "-F", demo.sshConfig().toString(),
                dir.resolve("by-legacy-scp.txt").toString(), "mila:"));
        assertThat(legacy.exitCode()).as(legacy.toString()).isZero();

        for (String name : List.of("by-rsync.txt", "by-scp.txt", "by-legacy-scp.txt")) {
            assertThat(demo.home().resolve(name)).hasContent("sent as " + name);
            assertThat(cwd.resolve(name)).doesNotExist();
        }
    }

    /** Sends a line through a SOCKS5 proxy to {@code host:port} (resolved by the proxy) and reads a line back. */
    private static String throughSocks(int socksPort, String host, int port, String text) throws IOException {
        try (Socket s = new Socket(new Proxy(Proxy.Type.SOCKS, new InetSocketAddress("127.0.0.1", socksPort)))) {
            s.setSoTimeout((int) WAIT.toMillis());
            s.connect(InetSocketAddress.createUnresolved(host, port), (int) WAIT.toMillis());
            OutputStream out = s.getOutputStream();
            out.write((text + "\n").getBytes(StandardCharsets.UTF_8));
            out.flush();
            InputStream in = s.getInputStream();
            StringBuilder line = new StringBuilder();
            for (int b = in.read(); b >= 0 && b != '\n'; b = in.read()) {
                line.append((char) b);
            }
            return line.toString();
        }
    }
}
