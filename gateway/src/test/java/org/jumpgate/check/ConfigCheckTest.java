package org.jumpgate.check;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.apache.sshd.common.config.keys.KeyUtils;
import org.apache.sshd.common.keyprovider.KeyPairProvider;
import org.jumpgate.config.PathTemplate;
import org.jumpgate.keys.KeyFiles;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What {@code jumpgate check} finds in the files a config names. Files made here are owned by
 * the user this JVM runs as, so what depends on another owner (unreadable, not writable) is
 * left to the rules' code; modes, kinds and absence are planted.
 */
class ConfigCheckTest {

    @TempDir
    Path dir;

    private Path keys;
    private Path totp;

    @BeforeEach
    void layout() throws Exception {
        keys = Files.createDirectory(dir.resolve("keys"));
        totp = Files.createDirectory(dir.resolve("totp"));
    }

    /** A valid config of the temp dir, with {@code extra} YAML lines at the top level (a later key wins). */
    private ConfigCheck.Report check(String... extra) throws Exception {
        StringBuilder yaml = new StringBuilder()
                .append("dataDir: ").append(dir.resolve("data")).append('\n')
                .append("backends: [{name: login-1, address: \"127.0.0.1:22\"}]\n");
        boolean auth = false;
        for (String line : extra) {
            auth |= line.startsWith("auth:");
            yaml.append(line).append('\n');
        }
        if (!auth) {
            yaml.append("auth: {authorizedKeys: ").append(keys).append("/%u, totpSecrets: ").append(totp).append("/%u}\n");
        }
        Path cfg = dir.resolve("jumpgate.yaml");
        Files.writeString(cfg, yaml);
        return ConfigCheck.of(cfg);
    }

    private static void write(Path file, String text, String mode) throws Exception {
        Files.createDirectories(file.getParent());
        Files.writeString(file, text);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString(mode));
    }

    @Test
    void aConfigWhoseFilesAreAllThereIsOkWithWhatItHolds() throws Exception {
        write(keys.resolve("alice"), "", "rw-------");
        write(totp.resolve("alice"), "JBSWY3DPEHPK3PXP\n", "rw-------");
        ConfigCheck.Report r = check();
        assertThat(r.errors()).isEmpty();
        assertThat(r.config()).isNotNull();
        assertThat(r.summary()).isEqualTo("1 login node, 1 user with authorized_keys");
    }

    @Test
    void aMissingDataDirThatCanBeMadeIsAWarningAndIsNotMade() throws Exception {
        ConfigCheck.Report r = check();
        assertThat(r.errors()).isEmpty();
        assertThat(r.warnings()).contains("dataDir: " + dir.resolve("data")
                + ": does not exist yet: made at start, with new host keys and a new CA key");
        assertThat(dir.resolve("data")).doesNotExist();
    }

    @Test
    void aDataDirUnderAFileCannotBeMade() throws Exception {
        write(dir.resolve("plain"), "", "rw-------");
        ConfigCheck.Report r = check("dataDir: " + dir.resolve("plain/data"));
        assertThat(r.errors()).containsExactly("dataDir: " + dir.resolve("plain/data")
                + ": cannot be reached: " + dir.resolve("plain") + " is not a directory");
    }

    @Test
    void aHostKeyReadableByOthersAndADataDirWritableByOthersAreErrors() throws Exception {
        Path data = Files.createDirectory(dir.resolve("data"));
        Path key = data.resolve("ssh_host_ed25519_key");
        KeyFiles.write(key, KeyUtils.generateKeyPair(KeyPairProvider.SSH_ED25519, 256), "test");
        Files.setPosixFilePermissions(key, PosixFilePermissions.fromString("rw-r--r--"));
        Files.setPosixFilePermissions(data, PosixFilePermissions.fromString("rwxrwxr-x"));
        ConfigCheck.Report r = check();
        assertThat(r.errors()).hasSize(2);
        assertThat(r.errors().get(0)).startsWith("dataDir: " + data + ": writable by group or others (")
                .contains("mode 0775").endsWith("expected 0700: whoever can write it can replace the host keys and the CA key");
        assertThat(r.errors().get(1)).isEqualTo("dataDir: " + key + " has mode rw-r--r--, expected rw------- (0600):"
                + " a private key readable by others is refused");
        assertThat(r.warnings()).anySatisfy(w -> assertThat(w).startsWith("dataDir: " + data
                + ": no ssh_host_ecdsa_key, ssh_host_rsa_key, user_ca_key yet: made at start"));
    }

    @Test
    void aMissingKeyDirectoryIsAnErrorNamingTheTemplate() throws Exception {
        Path none = dir.resolve("nokeys");
        ConfigCheck.Report r = check("auth: {authorizedKeys: " + none + "/%u/authorized_keys, totpSecrets: " + totp + "/%u}");
        assertThat(r.errors()).containsExactly("auth.authorizedKeys: " + none + ": no such directory, expected the"
                + " directory of the users' authorized_keys files (" + none + "/%u/authorized_keys)");
    }

    @Test
    void everyUnsafeAuthorizedKeysFileAndTotpSecretIsListed() throws Exception {
        write(keys.resolve("alice"), "", "rw-rw-r--");
        write(keys.resolve("bob"), "", "rw-------");
        write(keys.resolve("carol"), "", "rw-r--rw-");
        write(totp.resolve("alice"), "JBSWY3DPEHPK3PXP\n", "rw-------");
        write(totp.resolve("bob"), "JBSWY3DPEHPK3PXP\n", "rw-r-----");
        write(totp.resolve("carol"), "JBSWY3DPEHPK3PXP\n", "rw-------");
        ConfigCheck.Report r = check();
        assertThat(r.errors()).containsExactly(
                "auth.authorizedKeys: " + keys.resolve("alice") + ": authorized_keys is writable by others (0664)",
                "auth.authorizedKeys: " + keys.resolve("carol") + ": authorized_keys is writable by others (0646)",
                "auth.totpSecrets: " + totp.resolve("bob") + ": TOTP secret is readable by others (0640)");
    }

    @Test
    void usersWithAKeyButNoTotpSecretAreNamedInAWarning() throws Exception {
        write(keys.resolve("alice"), "", "rw-------");
        write(keys.resolve("bob"), "", "rw-------");
        write(totp.resolve("bob"), "JBSWY3DPEHPK3PXP\n", "rw-------");
        ConfigCheck.Report r = check();
        assertThat(r.errors()).isEmpty();
        assertThat(r.warnings()).contains("auth.totpSecrets: " + totp + "/%u: 1 user has a key but no TOTP secret,"
                + " so cannot log in: alice (jumpgate totp enroll USER)");
    }

    @Test
    void noUserWithAKeyIsAWarning() throws Exception {
        assertThat(check().warnings()).contains("auth.authorizedKeys: " + keys + "/%u: no user has a file yet: nobody can log in");
    }

    @Test
    void aRadiusSecretOthersCanReadIsRefusedByTheRadiusRules() throws Exception {
        Path secret = dir.resolve("radius.secret");
        write(secret, "0123456789abcdef0123\n", "rw-r--r--");
        ConfigCheck.Report r = check("auth: {authorizedKeys: " + keys + "/%u, secondFactor: radius,"
                + " radius: {servers: [\"127.0.0.1:1812\"], secretFile: " + secret + "}}");
        assertThat(r.errors()).singleElement().asString().startsWith("auth.radius.secretFile: " + secret + " has mode 0644");
    }

    @Test
    void strictHostKeyCheckingWithoutAKnownHostsFileIsAnError() throws Exception {
        Files.createDirectory(dir.resolve("data"));
        ConfigCheck.Report r = check("backendLink: {hostKeyCheck: strict}");
        assertThat(r.errors()).containsExactly("backendLink.knownHosts: " + dir.resolve("data/known_hosts")
                + ": no such file, expected the login nodes' host keys in known_hosts format (hostKeyCheck is strict)");
    }

    @Test
    void anAuditLogWhoseDirectoryIsMissingIsAnError() throws Exception {
        Path log = dir.resolve("log/audit.log");
        ConfigCheck.Report r = check("audit: {file: " + log + "}");
        assertThat(r.errors()).containsExactly("audit.file: " + log.getParent()
                + ": no such directory, expected the directory of the audit log audit.log");
    }

    @Test
    void jobFilesOfTheSourceInUseAreChecked() throws Exception {
        Path token = dir.resolve("slurm.jwt");
        write(token, "x.y.z\n", "rw-r--r--");
        ConfigCheck.Report rest = check("jobs: {source: slurmrestd, restUrl: \"http://127.0.0.1:6820\", restUser: jumpgate,"
                + " restTokenFile: " + token + ", file: " + dir.resolve("not-used.yaml") + "}");
        assertThat(rest.errors()).isEmpty();
        assertThat(rest.warnings()).anySatisfy(w -> assertThat(w).startsWith("jobs.restTokenFile: " + token
                + ": readable by group or others ("));
        ConfigCheck.Report file = check("jobs: {source: file, file: " + dir.resolve("jobs") + "}");
        assertThat(file.errors()).containsExactly("jobs.file: " + dir.resolve("jobs")
                + ": no such file, expected a YAML file of user: [node, ...]");
        ConfigCheck.Report squeue = check("jobs: {source: slurm-cli, squeue: " + dir.resolve("bin/squeue") + "}");
        assertThat(squeue.errors()).containsExactly("jobs.squeue: " + dir.resolve("bin/squeue")
                + ": no such file, expected the squeue command (its directory " + dir.resolve("bin")
                + " does not exist either)");
    }

    @Test
    void theFixedDirectoryOfATemplateIsAboveTheFirstElementWithTheUser() {
        assertThat(FileChecks.fixedDirectory(new PathTemplate("/etc/jumpgate/keys/%u"))).isEqualTo(Path.of("/etc/jumpgate/keys"));
        assertThat(FileChecks.fixedDirectory(new PathTemplate("/home/%u/.ssh/authorized_keys"))).isEqualTo(Path.of("/home"));
        assertThat(FileChecks.fixedDirectory(new PathTemplate("/etc/keys/%u.pub"))).isEqualTo(Path.of("/etc/keys"));
        assertThat(FileChecks.fixedDirectory(new PathTemplate("/etc/keys/shared"))).isEqualTo(Path.of("/etc/keys"));
    }
}
