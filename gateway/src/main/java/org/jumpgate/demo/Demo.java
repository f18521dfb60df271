package org.jumpgate.demo;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import org.apache.sshd.common.config.keys.PublicKeyEntry;
import org.jumpgate.auth.Totp;
import org.jumpgate.common.ConfigException;
import org.jumpgate.common.Durations;
import org.jumpgate.config.ConfigLoader;
import org.jumpgate.config.GatewayConfig;
import org.jumpgate.keys.KeyFiles;
import org.jumpgate.server.Gateway;

/** The demo: gateway, two in-process login nodes, a demo user. {@link #close()} stops all of it. */
public final class Demo implements AutoCloseable {

    public static final String USER = "demo";
    /** The demo's compute node; the demo user has a "running job" there (see jobs.yaml). */
    public static final String COMPUTE_NODE = "cn-demo01";

    /** What a real login node does that the demo nodes do not; printed in {@link #instructions()}. */
    public static final List<String> NOT_IN_THE_DEMO = List.of(
            "X11 forwarding (-X, -Y)",
            "forwarding to or from anything but loopback (-L/-D targets, -R listen addresses)",
            "Unix-socket forwarding (-L/-R with a path)",
            "paths outside the home for sftp and scp: they see the demo home as / (rsync and scp -O do not)",
            "other users: every session runs as " + System.getProperty("user.name") + ", who started the demo");

    /** pty4j unpacks its native library here unless told otherwise (default: a new /tmp directory per JVM). */
    static final String PTY4J_NATIVE_DIR = "pty4j.tmpdir";
    /** Longest wait at start for the first probes of the demo's login nodes (in-process: milliseconds). */
    static final java.time.Duration FIRST_PROBES = java.time.Duration.ofSeconds(5);

    /**
     * @param dir       where keys, secrets and the demo home live (kept across restarts)
     * @param port      the gateway's port on 127.0.0.1 (0: any free port)
     * @param totpClock the clock codes are checked against
     * @param remember  how long a code is remembered for the same key and address
     *                  ({@code auth.rememberSecondFactor}; {@code jumpgate demo} uses {@link #REMEMBER})
     */
    public record Options(Path dir, int port, Clock totpClock, java.time.Duration remember) {
        /** Options that ask for a code on every connection (tests count logins and codes). */
        public Options(Path dir, int port, Clock totpClock) {
            this(dir, port, totpClock, java.time.Duration.ZERO);
        }
    }

    /** What {@code jumpgate demo} remembers a code for: one code, then an hour of ssh, scp, rsync. */
    public static final java.time.Duration REMEMBER = java.time.Duration.ofHours(1);

    private final Options options;
    private final List<DemoLoginNode> nodes;
    private final Gateway gateway;
    private final String secret;

    private Demo(Options options, List<DemoLoginNode> nodes, Gateway gateway, String secret) {
        this.options = options;
        this.nodes = nodes;
        this.gateway = gateway;
        this.secret = secret;
    }

    public static Demo start(Options o) throws IOException, GeneralSecurityException, ConfigException {
        Path dir = o.dir().toAbsolutePath();
        Files.createDirectories(dir);
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx------"));
        Path home = Files.createDirectories(dir.resolve("home"));
        if (System.getProperty(PTY4J_NATIVE_DIR) == null) {
            System.setProperty(PTY4J_NATIVE_DIR, Files.createDirectories(dir.resolve("native")).toString());
        }
        String secret = userFiles(dir);
        Path data = dir.resolve("data");
        // the CA must exist before the login nodes that trust it
        org.jumpgate.keys.UserCa ca = org.jumpgate.keys.UserCa.loadOrCreate(data, Clock.systemUTC());
        List<DemoLoginNode> nodes = new ArrayList<>();
        DemoLoginNode compute = null;
        try {
            for (String name : List.of("login-1", "login-2")) {
                nodes.add(DemoLoginNode.start(name, PublicKeyEntry.parsePublicKeyEntry(ca.publicKeyLine())
                        .resolvePublicKey(null, null, null), home));
            }
            compute = DemoLoginNode.startCompute(COMPUTE_NODE, USER, PublicKeyEntry.parsePublicKeyEntry(
                    Files.readString(dir.resolve("demo_ed25519.pub")).trim()).resolvePublicKey(null, null, null), home);
            if (!Files.exists(dir.resolve("jobs.yaml"))) {
                Files.writeString(dir.resolve("jobs.yaml"), "# who has a running job where (demo job directory)\n"
                        + USER + ": [" + COMPUTE_NODE + "]\n");
            }
            StringBuilder yaml = new StringBuilder()
                    .append("listen: \"127.0.0.1:").append(o.port()).append("\"\n")
                    .append("dataDir: ").append(data).append('\n')
                    .append("auth:\n")
                    .append("  authorizedKeys: ").append(dir.resolve("keys/%u")).append('\n')
                    .append("  totpSecrets: ").append(dir.resolve("totp/%u")).append('\n')
                    .append("  rememberSecondFactor: ").append(Durations.show(o.remember())).append('\n')
                    .append("  totpIssuer: jumpgate demo\n")
                    .append("audit:\n  file: ").append(dir.resolve("audit.log")).append('\n')
                    .append("admin:\n  listen: \"127.0.0.1:0\"\n")
                    .append("compute:\n  pattern: \"cn-*\"\n  nodes:\n    ").append(COMPUTE_NODE)
                    .append(": \"127.0.0.1:").append(compute.port()).append("\"\n")
                    .append("jobs:\n  source: file\n  refresh: 1s\n  file: ").append(dir.resolve("jobs.yaml"))
                    .append('\n')
                    .append("backends:\n");
            for (DemoLoginNode n : nodes) {
                yaml.append("  - name: ").append(n.name()).append("\n    address: \"127.0.0.1:").append(n.port())
                        .append("\"\n");
            }
            Files.writeString(dir.resolve("jumpgate.yaml"), yaml);
            GatewayConfig config = ConfigLoader.parse(yaml.toString(), dir);
            Gateway gateway = Gateway.builder(config).totpClock(o.totpClock()).start();
            nodes.add(compute);
            awaitFirstProbes(gateway);
            Demo demo = new Demo(new Options(dir, o.port(), o.totpClock(), o.remember()), nodes, gateway, secret);
            List<String> known = new ArrayList<>(gateway.hostKeys().keyPairs().stream()
                    .map(k -> "[127.0.0.1]:" + gateway.port() + " " + PublicKeyEntry.toString(k.getPublic())).toList());
            known.add(COMPUTE_NODE + " " + PublicKeyEntry.toString(compute.hostKey()));
            Files.write(demo.knownHosts(), known);
            Files.writeString(demo.sshConfig(), String.join("\n",
                    "# jumpgate demo: the shape of the cluster login guide's ~/.ssh/config",
                    "Host mila",
                    "  HostName 127.0.0.1",
                    "  Port " + gateway.port(),
                    "Host cn-*",
                    "  HostName %h",
                    "  ProxyJump mila",
                    "Host *",
                    "  User " + USER,
                    "  IdentityFile " + demo.userKey(),
                    "  IdentitiesOnly yes",
                    "  UserKnownHostsFile " + demo.knownHosts(),
                    "  PreferredAuthentications publickey,keyboard-interactive",
                    "  ServerAliveInterval 120", ""));
            return demo;
        } catch (IOException | GeneralSecurityException | RuntimeException e) {
            for (DemoLoginNode n : nodes) {
                n.close();
            }
            if (compute != null && !nodes.contains(compute)) {
                compute.close();
            }
            throw e;
        }
    }

    /** Makes the demo user's key, authorized_keys and TOTP secret if missing; returns the secret. */
    private static String userFiles(Path dir) throws IOException, GeneralSecurityException {
        Path key = dir.resolve("demo_ed25519");
        Path totp = dir.resolve("totp").resolve(USER);
        if (!Files.exists(key)) {
            KeyPair pair = KeyFiles.loadOrCreate(key, "demo@jumpgate");
            Files.createDirectories(dir.resolve("keys"));
            Files.writeString(dir.resolve("keys").resolve(USER), PublicKeyEntry.toString(pair.getPublic())
                    + " demo@jumpgate\n");
        }
        if (!Files.exists(totp)) {
            KeyFiles.writeSecret(totp, Totp.newSecret() + "\n");
        }
        return Files.readString(totp).trim();
    }

    public int port() {
        return gateway.port();
    }

    /** The demo user's home on every demo node: working directory of shells and commands, sftp's root. */
    public Path home() {
        return options.dir().resolve("home");
    }

    public Path userKey() {
        return options.dir().resolve("demo_ed25519");
    }

    public Path knownHosts() {
        return options.dir().resolve("known_hosts");
    }

    /** An ssh_config in the shape of the login guide's: {@code ssh -F FILE mila}, {@code ssh -F FILE cn-demo01}. */
    public Path sshConfig() {
        return options.dir().resolve("ssh_config");
    }

    public String totpSecret() {
        return secret;
    }

    public String currentCode() {
        return Totp.fromBase32(secret).codeAt(options.totpClock().instant());
    }

    public Gateway gateway() {
        return gateway;
    }

    /** What a newcomer reads: where it runs and the command to log in. */
    public String instructions() {
        StringBuilder s = new StringBuilder();
        s.append("jumpgate demo is running on 127.0.0.1:").append(port()).append(" with login nodes ");
        s.append(String.join(", ", nodes.stream().filter(n -> !n.name().equals(COMPUTE_NODE))
                .map(n -> n.name() + " (127.0.0.1:" + n.port() + ")").toList()));
        s.append(" and compute node ").append(COMPUTE_NODE);
        s.append("\n\nLog in as the demo user (key, then a one-time code):\n\n  ssh -p ").append(port())
                .append(" -i ").append(userKey()).append(" -o IdentitiesOnly=yes -o UserKnownHostsFile=")
                .append(knownHosts()).append(' ').append(USER).append("@127.0.0.1\n\n");
        s.append("or, with an ssh_config in the shape of the cluster login guide:\n\n  ssh -F ").append(sshConfig())
                .append(" mila\n  ssh -F ").append(sshConfig()).append(' ').append(COMPUTE_NODE)
                .append("    # a jump: allowed while ").append(options.dir().resolve("jobs.yaml"))
                .append(" gives demo a job there\n\n");
        s.append("Home on the demo nodes (shells, sftp, scp, rsync): ").append(home()).append('\n');
        s.append("Not in the demo:\n");
        NOT_IN_THE_DEMO.forEach(n -> s.append("  - ").append(n).append('\n'));
        s.append('\n');
        s.append("One-time code secret (base32, for an authenticator app): ").append(secret).append('\n');
        s.append("Verification code now: ").append(currentCode()).append("  (a new one is printed every 30 s)\n");
        s.append("Files: ").append(options.dir()).append("  audit log: ").append(options.dir().resolve("audit.log"))
                .append("\nAdmin API: http://127.0.0.1:").append(gateway.adminPort())
                .append("  (jumpgate admin --admin 127.0.0.1:").append(gateway.adminPort()).append(" backends)")
                .append("\nStop with Ctrl-C.\n");
        return s.toString();
    }

    @Override
    public void close() {
        gateway.close();
        for (DemoLoginNode n : nodes) {
            try {
                n.close();
            } catch (IOException e) {
                // stopping anyway
            }
        }
    }

    /**
     * Login nodes take no session before their first probe: the demo prints how to log in once
     * they are decided (or after {@link #FIRST_PROBES}, when the banner's first login may wait).
     */
    private static void awaitFirstProbes(Gateway gateway) {
        long deadline = System.nanoTime() + FIRST_PROBES.toNanos();
        while (System.nanoTime() < deadline && gateway.balancer().backends().stream()
                .anyMatch(b -> b.state() == org.jumpgate.balancer.BackendState.CHECKING)) {
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }
}
