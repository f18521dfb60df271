package org.jumpgate.radius;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import org.jumpgate.common.ConfigException;
import org.jumpgate.common.HostPort;
import org.jumpgate.config.RadiusConfig;
import org.jumpgate.testing.LogCapture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SharedSecretTest {

    private static final String SECRET = "s3cr3t-radius-shared-0123456789";

    @TempDir
    Path dir;

    private Path file(String content, String mode) throws Exception {
        Path f = dir.resolve("radius.secret");
        Files.writeString(f, content);
        Files.setPosixFilePermissions(f, PosixFilePermissions.fromString(mode));
        return f;
    }

    private RadiusConfig config(Path secretFile) {
        return new RadiusConfig(List.of(new HostPort("127.0.0.1", 1812)), secretFile, Duration.ofSeconds(1), 0,
                "gw-test");
    }

    private String refusal(Path file) {
        try (RadiusClient c = RadiusClient.create(config(file))) {
            throw new AssertionError(file + " was accepted: " + c);
        } catch (ConfigException e) {
            assertThat(e.errors()).hasSize(1);
            return e.errors().get(0);
        } catch (java.io.IOException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void anOwnerOnlyFileGivesItsOneLineAsTheSecret() throws Exception {
        assertThat(SharedSecret.read(file(SECRET + "\n", "rw-------")).bytes())
                .isEqualTo(SECRET.getBytes(StandardCharsets.US_ASCII));
        assertThat(SharedSecret.read(file("  " + SECRET + "\r\n", "r--------")).bytes())
                .isEqualTo(SECRET.getBytes(StandardCharsets.US_ASCII));
    }

    @Test
    void aSecretFileGroupOrOthersCanReadStopsTheStartNamingFileAndMode() throws Exception {
        Path f = file(SECRET, "rw-r-----");
        assertThat(refusal(f)).isEqualTo("auth.radius.secretFile: " + f + " has mode 0640 (rw-r-----), expected 0600:"
                + " a RADIUS shared secret that group or others can read is refused (chmod 600 " + f + ")");
        assertThat(refusal(file(SECRET, "rw----r--"))).contains("has mode 0604").doesNotContain(SECRET);
    }

    @Test
    void anEmptyOrBlankFileIsRefused() throws Exception {
        Path f = file("", "rw-------");
        assertThat(refusal(f)).isEqualTo("auth.radius.secretFile: " + f
                + ": empty, expected one line with the RADIUS shared secret");
        assertThat(refusal(file(" \n\n", "rw-------"))).contains("empty");
    }

    @Test
    void aMissingFileOrOneOfSeveralLinesIsRefusedWithoutShowingItsText() throws Exception {
        Path missing = dir.resolve("nope");
        assertThat(refusal(missing)).isEqualTo("auth.radius.secretFile: " + missing
                + ": no such file, expected a file holding a RADIUS shared secret");
        assertThat(refusal(file(SECRET + "\nsecond line\n", "rw-------")))
                .endsWith("more than one line, expected one line with the shared secret")
                .doesNotContain(SECRET);
        assertThat(refusal(file("abc\u0001defghijklmnopqrstuv", "rw-------"))).endsWith("has control characters,"
                + " expected one line of text");
    }

    @Test
    void aShortSecretIsUsedButLoggedWithoutItsText() throws Exception {
        try (LogCapture log = LogCapture.of("org.jumpgate.radius")) {
            assertThat(SharedSecret.read(file("short", "rw-------")).bytes()).hasSize(5);
            assertThat(log.messages()).singleElement().asString()
                    .contains("5 bytes; RFC 2865 recommends at least 16").doesNotContain("short\"");
        }
    }

    @Test
    void theSecretIsNeverShownByToString() throws Exception {
        Path f = file(SECRET, "rw-------");
        assertThat(SharedSecret.read(f).toString()).doesNotContain(SECRET);
        try (RadiusClient c = RadiusClient.create(config(f))) {
            assertThat(c.toString()).isEqualTo("RadiusClient[127.0.0.1:1812]");
        }
    }

    @Test
    void aNasIdentifierTooLongForItsAttributeStopsTheStart() throws Exception {
        RadiusConfig c = new RadiusConfig(List.of(new HostPort("127.0.0.1", 1812)), file(SECRET, "rw-------"),
                Duration.ofSeconds(1), 0, "n".repeat(254));
        assertThatThrownBy(() -> RadiusClient.create(c)).isInstanceOf(ConfigException.class)
                .hasMessageContaining("auth.radius.nasIdentifier: 254 bytes, expected at most 253");
    }

    @Test
    void aSecretFileThatIsADirectoryIsRefused() throws Exception {
        Path d = Files.createDirectory(dir.resolve("secret.d"), PosixFilePermissions.asFileAttribute(
                PosixFilePermissions.fromString("rwx------")));
        assertThatThrownBy(() -> SharedSecret.read(d)).isInstanceOf(ConfigException.class)
                .hasMessageContaining("not a regular file");
    }
}
