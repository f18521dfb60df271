package org.jumpgate.loadgen.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Clock;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import org.apache.sshd.client.SshClient;
import org.apache.sshd.client.channel.ChannelExec;
import org.apache.sshd.client.channel.ChannelShell;
import org.apache.sshd.client.channel.ClientChannelEvent;
import org.apache.sshd.client.session.ClientSession;
import org.apache.sshd.common.config.keys.PublicKeyEntry;
import org.jumpgate.config.HostPort;
import org.jumpgate.keys.CertRequest;
import org.jumpgate.keys.UserCa;
import org.jumpgate.loadgen.report.SummaryTable;
import org.jumpgate.loadgen.run.LoadPlan;
import org.jumpgate.loadgen.run.LoadResult;
import org.jumpgate.loadgen.run.LoadRun;
import org.jumpgate.loadgen.run.LoadUser;
import org.jumpgate.loadgen.run.Metric;
import org.jumpgate.loadgen.run.Scenario;
import org.jumpgate.loadgen.run.Target;
import org.jumpgate.loadgen.run.Users;
import org.jumpgate.transport.Transport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The echo node trusts the gateway CA's user certificates and echoes; load runs against it directly. */
class EchoNodeTest {

    private static final Duration WAIT = Duration.ofSeconds(20);

    @TempDir
    Path dir;

    private UserCa ca;
    private EchoNode node;
    private SshClient client;

    @BeforeEach
    void start() throws Exception {
        ca = UserCa.loadOrCreate(dir, Clock.systemUTC());
        node = EchoNode.start(new EchoNode.Options(new HostPort("127.0.0.1", 0),
                PublicKeyEntry.parsePublicKeyEntry(ca.publicKeyLine()).resolvePublicKey(null, null, null),
                dir.resolve("host_key"), new HostPort("127.0.0.1", 0)));
        client = SshClient.setUpDefaultClient();
        Transport.apply(client);
        client.start();
    }

    @AfterEach
    void stop() throws Exception {
        client.stop();
        node.close();
    }

    private KeyPair cert(String user) throws Exception {
        return ca.issue(new CertRequest(user, "load-test " + user, List.of(), CertRequest.ALL_EXTENSIONS, null,
                Duration.ofMinutes(5)));
    }

    private ClientSession login(String user, KeyPair key) throws Exception {
        ClientSession s = client.connect(user, "127.0.0.1", node.port()).verify(WAIT).getSession();
        s.addPublicKeyIdentity(key);
        s.auth().verify(WAIT);
        return s;
    }

    @Test
    void aCertificateFromTheCaLogsInAndTheShellEchoes() throws Exception {
        try (ClientSession s = login("alice", cert("alice")); ChannelShell shell = s.createShellChannel()) {
            shell.open().verify(WAIT);
            shell.getInvertedIn().write("hello\n".getBytes(StandardCharsets.US_ASCII));
            shell.getInvertedIn().flush();
            InputStream in = shell.getInvertedOut();
            byte[] back = in.readNBytes(6);
            assertThat(new String(back, StandardCharsets.US_ASCII)).isEqualTo("hello\n");
            shell.getInvertedIn().close();
            shell.waitFor(EnumSet.of(ClientChannelEvent.CLOSED), WAIT);
            assertThat(shell.getExitStatus()).isZero();
        }
    }

    @Test
    void commandsRunWithoutProcesses() throws Exception {
        try (ClientSession s = login("alice", cert("alice"))) {
            assertThat(exec(s, "echo hello there", new byte[0])).isEqualTo("0:hello there\n");
            assertThat(exec(s, "true", new byte[0])).isEqualTo("0:");
            assertThat(exec(s, "cat > /dev/null", new byte[1 << 20])).isEqualTo("0:");
            assertThat(exec(s, "rm -rf /", new byte[0])).isEqualTo("127:");
        }
    }

    private static String exec(ClientSession s, String command, byte[] input) throws Exception {
        try (ChannelExec ch = s.createExecChannel(command)) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            ch.setOut(out);
            ch.setErr(new ByteArrayOutputStream());
            ch.open().verify(WAIT);
            if (input.length > 0) {
                ch.getInvertedIn().write(input);
                ch.getInvertedIn().close();
            }
            ch.waitFor(EnumSet.of(ClientChannelEvent.CLOSED), WAIT);
            return ch.getExitStatus() + ":" + out.toString(StandardCharsets.UTF_8);
        }
    }

    @Test
    void aCertificateForAnotherUserOrAPlainKeyIsRefused() throws Exception {
        KeyPair bobs = cert("bob");
        assertThatThrownBy(() -> login("alice", bobs).close()).hasMessageContaining("No more authentication methods");
        KeyPair plain = new KeyPair(cert("alice").getPublic() instanceof org.apache.sshd.common.config.keys
                .OpenSshCertificate c ? c.getCertPubKey() : null, bobs.getPrivate());
        assertThatThrownBy(() -> login("alice", plain).close()).hasMessageContaining("No more authentication methods");
    }

    @Test
    void loadRunsAgainstTheEchoNodeWithCertificateUsers() throws Exception {
        Users users = Users.of(new LoadUser("alice", cert("alice"), null), new LoadUser("bob", cert("bob"), null));
        Target target = Target.loopback(node.port());

        LoadResult interactive = LoadRun.run(LoadPlan.builder(Scenario.INTERACTIVE).concurrency(3).maxCount(9)
                .interval(Duration.ofMillis(20)).build(), target, users, Clock.systemUTC());
        assertThat(interactive.errors()).as(SummaryTable.format(interactive)).isEmpty();
        assertThat(interactive.completed()).isEqualTo(9);
        assertThat(interactive.latencies().get(Metric.ECHO).count()).isEqualTo(9);

        LoadResult bulk = LoadRun.run(LoadPlan.builder(Scenario.BULK).concurrency(2).maxCount(4)
                .bulkBytes(2 * LoadPlan.MIB).build(), target, users, Clock.systemUTC());
        assertThat(bulk.errors()).as(SummaryTable.format(bulk)).isEmpty();
        assertThat(bulk.completed()).isEqualTo(4);
        assertThat(bulk.bytesSent()).isEqualTo(8 * LoadPlan.MIB);
        assertThat(bulk.latencies().get(Metric.TRANSFER).count()).isEqualTo(4);

        LoadResult logins = LoadRun.run(LoadPlan.builder(Scenario.LOGIN).concurrency(4).maxCount(20).build(), target,
                users, Clock.systemUTC());
        assertThat(logins.errors()).as(SummaryTable.format(logins)).isEmpty();
        assertThat(logins.completed()).isEqualTo(20);
    }

    @Test
    void theTcpEchoServiceEchoes() throws Exception {
        try (java.net.Socket sock = new java.net.Socket("127.0.0.1", node.tcpEchoPort())) {
            sock.getOutputStream().write("ping".getBytes(StandardCharsets.US_ASCII));
            assertThat(new String(sock.getInputStream().readNBytes(4), StandardCharsets.US_ASCII)).isEqualTo("ping");
        }
    }
}
