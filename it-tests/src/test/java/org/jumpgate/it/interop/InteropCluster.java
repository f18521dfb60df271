package org.jumpgate.it.interop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.jumpgate.it.fixture.SshdNode;
import org.jumpgate.it.fixture.TestUser;
import org.jumpgate.it.gateway.EchoServer;
import org.jumpgate.it.gateway.GatewayFixture;
import org.jumpgate.it.slurm.SlurmCluster;

/**
 * What every client of the interop matrix talks to, started once per test class and shared by
 * every cell: a real Slurm cluster with one RUNNING job of the user on {@value #COMPUTE_NODE}, a
 * real sshd compute node {@value #COMPUTE_NODE} accepting the user's own key, the gateway in front
 * of a real sshd login node {@value #LOGIN_NODE} (trusting the gateway CA), the Unix user
 * {@code jginterop} with an ed25519 key and a TOTP secret, and a TCP echo server on 127.0.0.1
 * standing for a notebook on the login node's loopback. All on 127.0.0.1.
 */
final class InteropCluster implements AutoCloseable {

    static final String LOGIN_NODE = "login-1";
    static final String COMPUTE_NODE = "cn-a001";
    static final String USER = "interop";

    private static final Pattern AUDIT_EVENT = Pattern.compile(
            "\"event\":\"auth\\.success\".*?\"session\":\"([^\"]+)\".*?\"method\":\"([^\"]+)\"");

    private final SlurmCluster slurm;
    private final SshdNode compute;
    private final GatewayFixture gw;
    private final TestUser user;
    private final EchoServer echo;

    private InteropCluster(SlurmCluster slurm, SshdNode compute, GatewayFixture gw, TestUser user, EchoServer echo) {
        this.slurm = slurm;
        this.compute = compute;
        this.gw = gw;
        this.user = user;
        this.echo = echo;
    }

    /** Starts it all and waits until the user's job runs on the compute node. */
    static InteropCluster start() throws Exception {
        List<AutoCloseable> started = new ArrayList<>();
        try {
            SlurmCluster slurm = SlurmCluster.start("jg" + USER);
            started.add(slurm);
            SshdNode compute = SshdNode.start(COMPUTE_NODE, SshdNode.Options.computeNode());
            started.add(compute);
            String yaml = "compute:\n  pattern: \"cn-*\"\n  nodes:\n"
                    + "    " + COMPUTE_NODE + ": \"" + compute.address() + "\"\n"
                    + "  ports: [22]\n  networks: [\"127.0.0.0/8\"]\n"
                    + "jobs:\n  source: slurm-cli\n  refresh: 2s\n  slurmConf: " + slurm.slurmConf() + "\n";
            GatewayFixture gw = GatewayFixture.start(List.of(LOGIN_NODE), yaml);
            started.add(gw);
            TestUser user = gw.user(USER);
            gw.authorizeOnNodes(user);
            EchoServer echo = new EchoServer();
            started.add(echo);
            slurm.awaitRunning(slurm.sbatch(user.name(), "sleep 599", "-w", COMPUTE_NODE));
            return new InteropCluster(slurm, compute, gw, user, echo);
        } catch (Exception | Error e) {
            closeAll(started);
            throw e;
        }
    }

    GatewayFixture gateway() {
        return gw;
    }

    TestUser user() {
        return user;
    }

    int gatewayPort() {
        return gw.gateway().port();
    }

    /** The next one-time code of the user (the gateway's code clock moves one step; each code works once). */
    String nextCode() {
        return gw.nextCode(user);
    }

    /** known_hosts lines for the gateway: {@code [127.0.0.1]:PORT type key}. */
    List<String> gatewayKnownHosts() {
        return gw.knownHosts();
    }

    /** The gateway's public host keys, {@code type key} each. */
    List<String> gatewayHostKeys() {
        return gatewayKnownHosts().stream().map(l -> l.substring(l.indexOf(' ') + 1)).toList();
    }

    /** known_hosts lines for the compute node under its name: {@code cn-a001 type key}. */
    List<String> computeKnownHosts() {
        return compute.knownHostsLines(COMPUTE_NODE);
    }

    /** The compute node's public host keys, {@code type key} each. */
    List<String> computeHostKeys() {
        return computeKnownHosts().stream().map(l -> l.substring(l.indexOf(' ') + 1)).toList();
    }

    /** The port of the echo server on 127.0.0.1, which the login node reaches as {@code localhost:PORT}. */
    int echoPort() {
        return echo.port();
    }

    String audit() {
        return gw.audit();
    }

    /**
     * Asserts that the audit log, past {@code before}, has one gateway session that succeeded with
     * publickey and then with keyboard-interactive: the chained login really happened.
     */
    void assertChainedLoginSince(String before) {
        await("audit shows publickey then keyboard-interactive for one session").atMost(Duration.ofSeconds(10))
                .pollInterval(Duration.ofMillis(50)).untilAsserted(() -> {
                    String added = audit().substring(before.length());
                    Map<String, List<String>> methods = added.lines().map(AUDIT_EVENT::matcher)
                            .filter(Matcher::find)
                            .collect(Collectors.groupingBy(m -> m.group(1),
                                    Collectors.mapping(m -> m.group(2), Collectors.toList())));
                    assertThat(methods.values()).as("auth.success methods per session in\n" + added)
                            .anySatisfy(m -> assertThat(m).containsSubsequence("publickey", "keyboard-interactive"));
                });
    }

    /** Asserts that the gateway relayed a forward to {@code localhost:PORT} through the login node, past {@code before}. */
    void assertForwardViaLoginNodeSince(String before, int port) {
        await("audit shows the forward via " + LOGIN_NODE).atMost(Duration.ofSeconds(10))
                .pollInterval(Duration.ofMillis(50))
                .untilAsserted(() -> assertThat(audit().substring(before.length()))
                        .contains("\"target\":\"localhost:" + port + "\",\"via\":\"" + LOGIN_NODE + "\",\"ok\":true"));
    }

    /** OpenSSH's {@code SHA256:...} fingerprint of a {@code type key} public key line. */
    static String sha256Fingerprint(String publicKeyLine) {
        byte[] blob = Base64.getDecoder().decode(publicKeyLine.strip().split("\\s+")[1]);
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest(blob);
            return "SHA256:" + Base64.getEncoder().withoutPadding().encodeToString(d);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The lines of {@code text} in order, without CR, stripped, non-empty. */
    static List<String> lines(String text) {
        return text.replace("\r", "").lines().map(String::strip).filter(l -> !l.isEmpty()).toList();
    }

    @Override
    public void close() {
        closeAll(List.of(slurm, compute, gw, echo)); // in the order started: closed in reverse
    }

    private static void closeAll(List<AutoCloseable> all) {
        List<AutoCloseable> reversed = new ArrayList<>(all);
        java.util.Collections.reverse(reversed);
        for (AutoCloseable c : reversed) {
            try {
                if (c != null) {
                    c.close();
                }
            } catch (Exception e) {
                // keep closing the rest
            }
        }
    }
}
