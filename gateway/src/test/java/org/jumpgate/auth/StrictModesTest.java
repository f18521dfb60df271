package org.jumpgate.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.Optional;
import org.jumpgate.config.PathTemplate;
import org.jumpgate.testing.ManualClock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Files others could have written (or, for a secret, read) are not trusted. Files made by this
 * JVM are owned by the user it runs as (root in CI, trusted as root; anyone else, trusted as the
 * gateway's own user), so a foreign owner is tested only where this JVM may chown (root).
 */
class StrictModesTest {

    @TempDir
    Path dir;

    private final StrictModes strict = StrictModes.standard();

    private Path file(String relative, String mode) throws Exception {
        Path f = dir.resolve(relative);
        Files.createDirectories(f.getParent());
        Files.writeString(f, "x\n");
        Files.setPosixFilePermissions(f, PosixFilePermissions.fromString(mode));
        return f;
    }

    @Test
    void authorizedKeysWritableByGroupIsRefusedWithItsMode() throws Exception {
        Path f = file("keys/alice", "rw-rw-r--");
        StrictModes.Problem p = strict.authorizedKeys("alice", f).orElseThrow();
        assertThat(p.summary()).isEqualTo("authorized_keys is writable by others (0664)");
        assertThat(p.detail()).isEqualTo(f + ": authorized_keys is writable by others (0664)");
    }

    @Test
    void authorizedKeysWritableByAnyoneIsRefused() throws Exception {
        assertThat(strict.authorizedKeys("alice", file("keys/alice", "rw-r--rw-")).map(StrictModes.Problem::summary))
                .contains("authorized_keys is writable by others (0646)");
    }

    @Test
    void authorizedKeysReadableByAllButWritableByItsOwnerOnlyIsTrusted() throws Exception {
        assertThat(strict.authorizedKeys("alice", file("keys/alice", "rw-r--r--"))).isEmpty();
        assertThat(strict.authorizedKeys("bob", file("keys/bob", "rw-------"))).isEmpty();
    }

    @Test
    void aDirectoryAboveWritableByOthersRefusesTheFile() throws Exception {
        Path f = file("shared/keys/alice", "rw-------");
        Files.setPosixFilePermissions(dir.resolve("shared"), PosixFilePermissions.fromString("rwxrwxr-x"));
        assertThat(strict.authorizedKeys("alice", f).map(StrictModes.Problem::summary))
                .contains("authorized_keys directory " + dir.resolve("shared").toRealPath() + " is writable by others (0775)");
    }

    @Test
    void aWorldWritableDirectoryWithTheStickyBitIsTrustedLikeTmp() throws Exception {
        Path f = file("sticky/alice", "rw-------");
        Files.setAttribute(dir.resolve("sticky"), "unix:mode", 01777);
        assertThat(StrictModes.octal((Integer) Files.getAttribute(dir.resolve("sticky"), "unix:mode"))).isEqualTo("1777");
        assertThat(strict.authorizedKeys("alice", f)).isEmpty();
    }

    @Test
    void aFileOwnedByAnotherUserIsRefused() throws Exception {
        assumeTrue(System.getProperty("user.name").equals("root"), "only root may give a file away (chown)");
        Path f = file("keys/alice", "rw-------");
        Files.setOwner(f, f.getFileSystem().getUserPrincipalLookupService().lookupPrincipalByName("4242"));
        assertThat(strict.authorizedKeys("alice", f).map(StrictModes.Problem::summary))
                .hasValueSatisfying(s -> assertThat(s).startsWith("authorized_keys is owned by ")
                        .endsWith(", not by alice or root (0600)"));
        assertThat(strict.totpSecret("alice", f)).isPresent();
    }

    @Test
    void aSymlinkIsJudgedByTheFileItPointsTo() throws Exception {
        Path target = file("elsewhere/alice", "rw-rw-rw-");
        Path link = Files.createSymbolicLink(dir.resolve("alice"), target);
        assertThat(strict.authorizedKeys("alice", link).map(StrictModes.Problem::summary))
                .contains("authorized_keys is writable by others (0666)");
    }

    @Test
    void totpSecretReadableByGroupIsRefused() throws Exception {
        assertThat(strict.totpSecret("alice", file("totp/alice", "rw-r-----")).map(StrictModes.Problem::summary))
                .contains("TOTP secret is readable by others (0640)");
        assertThat(strict.totpSecret("bob", file("totp/bob", "rw----r--")).map(StrictModes.Problem::summary))
                .contains("TOTP secret is readable by others (0604)");
        assertThat(strict.totpSecret("carol", file("totp/carol", "rw--w----")).map(StrictModes.Problem::summary))
                .contains("TOTP secret is writable by others (0620)");
    }

    @Test
    void totpSecretForItsOwnerOnlyIsTrusted() throws Exception {
        assertThat(strict.totpSecret("alice", file("totp/alice", "rw-------"))).isEmpty();
        assertThat(strict.totpSecret("bob", file("totp/bob", "r--------"))).isEmpty();
    }

    @Test
    void aMissingFileIsNoProblemButNoFileEither() {
        assertThatThrownBy(() -> strict.authorizedKeys("alice", dir.resolve("keys/alice")))
                .isInstanceOf(NoSuchFileException.class);
    }

    @Test
    void theVerifierRefusesASecretReadableByOthersAsNoSecret() throws Exception {
        file("totp/alice", "rw-r--r--");
        Files.writeString(dir.resolve("totp/alice"), Totp.newSecret() + "\n");
        TotpVerifier verifier = new TotpVerifier(new PathTemplate(dir.resolve("totp/%u").toString()),
                new ManualClock(Instant.parse("2026-11-26T10:00:00Z")));
        assertThat(verifier.verify("alice", "123456")).isEqualTo(TotpVerifier.Outcome.NO_SECRET);
    }

    @Test
    void authorizedKeysAreNotReadFromAFileOthersCanWrite() throws Exception {
        AuthorizedKeys keys = new AuthorizedKeys(new PathTemplate(dir.resolve("keys/%u").toString()),
                new ManualClock(Instant.parse("2026-11-26T10:00:00Z")));
        java.security.KeyPair key = org.apache.sshd.common.config.keys.KeyUtils.generateKeyPair("ssh-ed25519", 256);
        Path f = file("keys/alice", "rw-------");
        Files.writeString(f, org.apache.sshd.common.config.keys.PublicKeyEntry.toString(key.getPublic()) + "\n");
        java.net.InetAddress from = java.net.InetAddress.getLoopbackAddress();
        assertThat(keys.lookup("alice", key.getPublic(), from).policy()).isPresent();
        Files.setPosixFilePermissions(f, PosixFilePermissions.fromString("rw-rw----"));
        AuthorizedKeys.Lookup refused = keys.lookup("alice", key.getPublic(), from);
        assertThat(refused.policy()).isEmpty();
        assertThat(refused.refusal()).contains("authorized_keys is writable by others (0660)");
    }

    @Test
    void theSurveyReportsEveryUnsafeFileOfEveryUser() throws Exception {
        file("keys/alice", "rw-r--r--");
        file("keys/bob", "rw-rw-r--");
        file("keys/Not-A-User", "rw-rw-rw-");
        file("totp/alice", "rw-r-----");
        file("totp/bob", "rw-------");
        assertThat(strict.survey(new PathTemplate(dir.resolve("keys/%u").toString()),
                Optional.of(new PathTemplate(dir.resolve("totp/%u").toString()))))
                .extracting(StrictModes.Problem::detail)
                .containsExactly(dir.resolve("keys/bob") + ": authorized_keys is writable by others (0664)",
                        dir.resolve("totp/alice") + ": TOTP secret is readable by others (0640)");
    }

    @Test
    void usersAreFoundWhereverTheirNameStandsInThePath() throws Exception {
        file("home/alice/.ssh/authorized_keys", "rw-------");
        file("home/bob/.ssh/authorized_keys", "rw-------");
        Files.createDirectories(dir.resolve("home/carol/.ssh")); // no file: not a user of this template
        file("home/dave/keys-dave.pub", "rw-------");
        file("home/erin/keys-frank.pub", "rw-------");
        assertThat(StrictModes.users(new PathTemplate(dir.resolve("home/%u/.ssh/authorized_keys").toString())))
                .containsExactly("alice", "bob");
        assertThat(StrictModes.users(new PathTemplate(dir.resolve("home/%u/keys-%u.pub").toString())))
                .containsExactly("dave");
        assertThat(StrictModes.users(new PathTemplate(dir.resolve("nowhere/%u").toString()))).isEmpty();
    }
}
