package org.jumpgate.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Duration;
import java.util.EnumSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.sshd.agent.local.LocalAgentFactory;
import org.apache.sshd.client.SshClient;
import org.apache.sshd.client.channel.ChannelDirectTcpip;
import org.apache.sshd.client.channel.ChannelExec;
import org.apache.sshd.client.channel.ChannelShell;
import org.apache.sshd.client.channel.ClientChannelEvent;
import org.apache.sshd.client.session.ClientSession;
import org.apache.sshd.common.config.keys.KeyUtils;
import org.apache.sshd.common.keyprovider.KeyPairProvider;
import org.apache.sshd.common.util.net.SshdSocketAddress;
import org.apache.sshd.common.util.io.output.NoCloseOutputStream;
import org.jumpgate.transport.Transport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A demo node seen by an SSH client: exec on pipes and shells on a pty in the demo home,
 * loopback-only direct-tcpip, and a forwarded agent reachable at the session's SSH_AUTH_SOCK.
 * (The compute node is used: it trusts a plain user key, so no certificate is needed.)
 */
class DemoLoginNodeTest {

    private static final Duration WAIT = Duration.ofSeconds(20);

    @TempDir
    Path dir;

    private KeyPair user;
    private DemoLoginNode node;
    private SshClient client;
    private LocalAgentFactory agent;
    private ClientSession session;

    @BeforeEach
    void start() throws Exception {
        user = KeyUtils.generateKeyPair(KeyPairProvider.SSH_ED25519, 256);
        node = DemoLoginNode.startCompute("cn-test01", "demo", user.getPublic(), dir.resolve("home"));
        agent = new LocalAgentFactory();
        agent.getAgent().addIdentity(user, "demo@test");
        client = SshClient.setUpDefaultClient();
        Transport.apply(client);
        client.setAgentFactory(agent);
        client.start();
        session = client.connect("demo", "127.0.0.1", node.port()).verify(WAIT).getSession();
        session.addPublicKeyIdentity(user);
        session.auth().verify(WAIT);
    }

    @AfterEach
    void stop() throws Exception {
        client.stop();
        node.close();
    }

    @Test
    void aCommandRunsOnPipesInTheDemoHomeWithALoginNodesEnvironment() throws Exception {
        Run r = exec("pwd; echo $HOME $USER $LOGNAME $SHELL $LOGIN_NODE; tty; echo oops >&2; exit 3", null);

        Path home = dir.resolve("home").toRealPath();
        assertThat(r.out()).isEqualTo(home + "\n" + home + " demo demo " + LoginEnvironment.of("x", home).shell()
                + " cn-test01\nnot a tty\n");
        assertThat(r.err()).isEqualTo("oops\n");
        assertThat(r.status()).isEqualTo(3);
    }

    @Test
    void stdinEofReachesACommandOnPipes() throws Exception {
        Run r = exec("cat; echo end", "piped\n");

        assertThat(r.out()).isEqualTo("piped\nend\n");
        assertThat(r.status()).isZero();
    }

    @Test
    void aShellWithAPtyRequestGetsATerminalAndThePromptNamesTheNode() throws Exception {
        ChannelShell shell = session.createShellChannel();
        shell.setPtyType("xterm-256color");
        shell.setPtyColumns(100);
        shell.setPtyLines(30);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        shell.setOut(out);
        shell.setErr(out);
        shell.open().verify(WAIT);
        OutputStream in = shell.getInvertedIn();
        in.write("tty; stty size; echo term=$TERM; exit 5\r".getBytes(StandardCharsets.US_ASCII));
        in.flush();
        shell.waitFor(EnumSet.of(ClientChannelEvent.CLOSED), WAIT);

        String screen = out.toString(StandardCharsets.UTF_8);
        assertThat(screen).contains("demo@cn-test01:~$ ").contains("/dev/pts/").contains("\r\n30 100\r\n")
                .contains("term=xterm-256color");
        assertThat(shell.getExitStatus()).isEqualTo(5);
    }

    @Test
    void directTcpipReachesALoopbackPortAndNothingElse() throws Exception {
        try (ServerSocket listener = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            CompletableFuture<String> greeting = CompletableFuture.supplyAsync(() -> {
                try (Socket s = listener.accept()) {
                    s.getOutputStream().write("hello from the node\n".getBytes(StandardCharsets.US_ASCII));
                    return "sent";
                } catch (java.io.IOException e) {
                    return e.toString();
                }
            });
            ChannelDirectTcpip ch = session.createDirectTcpipChannel(new SshdSocketAddress("localhost", 0),
                    new SshdSocketAddress("localhost", listener.getLocalPort()));
            ByteArrayOutputStream got = new ByteArrayOutputStream();
            ch.setOut(got);
            ch.open().verify(WAIT);
            await().atMost(WAIT).until(() -> got.toString(StandardCharsets.US_ASCII).equals("hello from the node\n"));
            assertThat(greeting.get(WAIT.toSeconds(), TimeUnit.SECONDS)).isEqualTo("sent");
            ch.close(true);
        }
        ChannelDirectTcpip refused = session.createDirectTcpipChannel(new SshdSocketAddress("localhost", 0),
                new SshdSocketAddress("example.invalid", 80));
        assertThatThrownBy(() -> refused.open().verify(WAIT)).hasMessageContaining("open");
    }

    @Test
    void aForwardedAgentAnswersAtTheSessionsSocketUntilTheSessionEnds() throws Exception {
        ChannelExec exec = session.createExecChannel("echo \"$SSH_AUTH_SOCK\"; cat >/dev/null");
        exec.setAgentForwarding(true);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        exec.setOut(out);
        exec.setErr(new NoCloseOutputStream(System.err));
        exec.open().verify(WAIT);
        await().atMost(WAIT).until(() -> out.toString(StandardCharsets.UTF_8).endsWith("\n"));
        Path socket = Path.of(out.toString(StandardCharsets.UTF_8).strip());

        try (SocketChannel c = SocketChannel.open(StandardProtocolFamily.UNIX)) {
            c.connect(UnixDomainSocketAddress.of(socket));
            c.write(ByteBuffer.wrap(new byte[] {0, 0, 0, 1, 11})); // SSH2_AGENTC_REQUEST_IDENTITIES
            ByteBuffer head = ByteBuffer.allocate(9); // length, SSH2_AGENT_IDENTITIES_ANSWER, count
            while (head.hasRemaining() && c.read(head) >= 0) {
                // reads until the header is in
            }
            assertThat(head.get(4)).isEqualTo((byte) 12);
            assertThat(head.getInt(5)).as("keys the client's agent holds").isEqualTo(1);
        }
        exec.getInvertedIn().close();
        exec.waitFor(EnumSet.of(ClientChannelEvent.CLOSED), WAIT);
        session.close(false).await(WAIT);
        await().atMost(WAIT).until(() -> !Files.exists(socket) && !Files.exists(socket.getParent()));
    }

    private record Run(String out, String err, Integer status) {
    }

    private Run exec(String command, String stdin) throws Exception {
        ChannelExec exec = session.createExecChannel(command);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        exec.setOut(out);
        exec.setErr(err);
        if (stdin != null) {
            exec.setIn(new java.io.ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)));
        }
        exec.open().verify(WAIT);
        if (stdin == null) {
            exec.getInvertedIn().close();
        }
        exec.waitFor(EnumSet.of(ClientChannelEvent.CLOSED), WAIT);
        return new Run(out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8),
                exec.getExitStatus());
    }
}
