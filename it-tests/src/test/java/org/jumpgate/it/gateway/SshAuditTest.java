package org.jumpgate.it.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.jumpgate.it.fixture.Processes;
import org.jumpgate.it.fixture.Result;
import org.jumpgate.it.fixture.TestUser;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The real {@code ssh-audit} (Debian 12's 2.5.0) against a gateway with the default algorithm
 * offer: no fail and no warn but the ones kept on purpose (README, security defaults;
 * {@code transport.Transport}), each with who needs it. The figures are printed. ssh-audit's
 * own KEXINIT lists AES-GCM, so it sees the offer a client with AES-GCM gets: AES-GCM alone
 * ({@code transport.CipherOffer}; the whole cipher list is checked in {@code TransportTest}). A
 * real {@code ssh -o Compression=yes} still logs in, compressing only after authentication.
 */
class SshAuditTest {

    static final String SSH_AUDIT = "/usr/bin/ssh-audit";

    /** What ssh-audit 2.5.0 may say fail or warn about, and why each stays. Key: "(section) algorithm level". */
    static final Map<String, String> KEPT = Map.of(
            "(key) ecdsa-sha2-nistp256 fail", "the cluster login guide publishes this host key's fingerprint",
            "(key) ecdsa-sha2-nistp256 warn", "the cluster login guide publishes this host key's fingerprint",
            "(mac) hmac-sha2-256 warn", "Dropbear 2022.83's only MAC not on SHA-1 (it has no AES-GCM)",
            "(kex) sntrup761x25519-sha512@openssh.com warn",
            "post-quantum key exchange of OpenSSH 9.2 and PuTTY 0.78 (\"experimental\" to 2.5.0)",
            "(kex) mlkem768x25519-sha256 warn",
            "post-quantum key exchange of JSch 2.28, OpenSSH 9.9+, jumpgate load (unknown to 2.5.0)",
            "(kex) kex-strict-s-v00@openssh.com warn", "the Terrapin countermeasure, not an algorithm (unknown to 2.5.0)");

    /** {@code (kex) name (2048-bit) -- [warn] text}: an algorithm line and its first note. */
    private static final Pattern ALGORITHM = Pattern.compile(
            "^\\((kex|key|enc|mac)\\) (\\S+)(?: \\(\\d+-bit\\))?\\s*(?:-- \\[(fail|warn|info)\\] (.*))?$");
    /** {@code `- [info] text}: a further note of the algorithm above. */
    private static final Pattern MORE = Pattern.compile("^\\s+`- \\[(fail|warn|info)\\] (.*)$");

    static GatewayFixture gw;

    @BeforeAll
    static void start() {
        assumeTrue(Files.isExecutable(Path.of(SSH_AUDIT)),
                SSH_AUDIT + " is not installed (apt-get install ssh-audit; .ci/run installs it)");
        gw = GatewayFixture.start("login-1");
    }

    @AfterAll
    static void stop() {
        if (gw != null) {
            gw.close();
        }
    }

    record Finding(String section, String algorithm, String level, String note) {
        String key() {
            return "(" + section + ") " + algorithm + " " + level;
        }

        @Override
        public String toString() {
            return "(" + section + ") " + algorithm + " -- [" + level + "] " + note;
        }
    }

    @Test
    void sshAuditFindsNothingToFailOrWarnButWhatIsKeptOnPurpose() {
        Result r = Processes.run(List.of(SSH_AUDIT, "-n", "-p", String.valueOf(gw.gateway().port()), "127.0.0.1"),
                Map.of(), null, Processes.COMMAND_TIMEOUT);
        String out = r.stdout();
        assertThat(out).as(r.toString()).contains("# key exchange algorithms", "# message authentication code");
        List<Finding> findings = parse(out);
        List<String> other = out.lines().filter(l -> l.startsWith("(sec)") || l.startsWith("(cve)")).toList();
        List<Finding> bad = findings.stream().filter(f -> f.level().equals("fail") || f.level().equals("warn")).toList();
        List<Finding> unexpected = bad.stream().filter(f -> !KEPT.containsKey(f.key())).toList();
        Map<String, Long> counts = findings.stream().collect(Collectors.groupingBy(Finding::level, Collectors.counting()));

        long algorithms = findings.stream().map(f -> f.section() + " " + f.algorithm()).distinct().count();
        StringBuilder report = new StringBuilder("\nssh-audit 2.5.0 against the default offer, ")
                .append(algorithms).append(" algorithms: ")
                .append(counts.getOrDefault("fail", 0L)).append(" fail, ")
                .append(counts.getOrDefault("warn", 0L)).append(" warn, ")
                .append(counts.getOrDefault("info", 0L)).append(" info; ")
                .append(bad.size() - unexpected.size()).append(" of the fail/warn kept on purpose, ")
                .append(unexpected.size()).append(" not\n");
        bad.forEach(f -> report.append("  ").append(f).append("\n      ")
                .append(KEPT.getOrDefault(f.key(), "NOT EXPECTED")).append('\n'));
        out.lines().filter(l -> l.startsWith("(gen) compression")).forEach(l -> report.append("  ").append(l).append('\n'));
        System.out.println(report);

        assertThat(other).as("security advisories (sec/cve) in:\n" + out).isEmpty();
        assertThat(unexpected).as("fail/warn not kept on purpose, in:\n" + out).isEmpty();
        assertThat(findings).as(out).extracting(Finding::algorithm)
                .doesNotContain("ecdh-sha2-nistp256", "ecdh-sha2-nistp384", "ecdh-sha2-nistp521",
                        "hmac-sha2-512", "hmac-sha1", "diffie-hellman-group14-sha1")
                .contains("ssh-ed25519", "rsa-sha2-512", "aes128-gcm@openssh.com");
        List<String> ciphers = findings.stream().filter(f -> f.section().equals("enc")).map(Finding::algorithm)
                .distinct().toList();
        assertThat(ciphers).as("ciphers offered to a client with AES-GCM, in:\n" + out)
                .containsExactly("aes128-gcm@openssh.com", "aes256-gcm@openssh.com");
        assertThat(out).as("compression only after authentication").contains("(gen) compression: enabled (zlib@openssh.com)");
    }

    @Test
    void compressingClientLogsInAndCompressesOnlyAfterAuthentication() throws Exception {
        TestUser user = gw.user("audit");
        Result r = gw.client(user, "Compression yes", "LogLevel DEBUG1").withCode(gw.nextCode(user))
                .ssh("mila", "echo compressed");
        assertThat(r.stdout()).as(r.toString()).isEqualTo("compressed\n");
        assertThat(r.stderr()).as(r.toString())
                .contains("compression: zlib@openssh.com")
                .contains("Enabling compression");
        assertThat(r.stderr().indexOf("Enabling compression")).as(r.toString())
                .isGreaterThan(r.stderr().indexOf("Authenticated using \"publickey\""));
    }

    /** ssh-audit's algorithm lines and their notes, one finding per note; an algorithm without a note has level "none". */
    static List<Finding> parse(String out) {
        List<Finding> findings = new ArrayList<>();
        String section = null;
        String algorithm = null;
        for (String line : out.split("\n")) {
            Matcher a = ALGORITHM.matcher(line);
            Matcher m = MORE.matcher(line);
            if (a.matches()) {
                section = a.group(1);
                algorithm = a.group(2);
                findings.add(new Finding(section, algorithm, a.group(3) == null ? "none" : a.group(3),
                        a.group(4) == null ? "" : a.group(4)));
            } else if (m.matches() && algorithm != null) {
                findings.add(new Finding(section, algorithm, m.group(1), m.group(2)));
            } else {
                algorithm = null;
            }
        }
        return findings;
    }
}
