package org.jumpgate.enroll;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assumptions.assumeThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipal;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.jumpgate.auth.Totp;
import org.jumpgate.common.HostPort;
import org.jumpgate.config.AuthConfig;
import org.jumpgate.config.PathTemplate;
import org.jumpgate.config.RadiusConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TotpEnrollmentTest {

    @TempDir
    Path dir;

    private AuthConfig auth(String issuer) {
        return new AuthConfig(AuthConfig.DEFAULT_METHODS, new PathTemplate(dir + "/keys/%u"),
                new PathTemplate(dir + "/totp/%u"), null, List.of(), AuthConfig.SecondFactor.TOTP, Duration.ZERO,
                issuer, null);
    }

    private TotpEnrollment enrollment() throws Exception {
        Files.createDirectories(dir.resolve("totp"));
        return TotpEnrollment.of(auth("Mila"), () -> "gw1.example.org");
    }

    @Test
    void secretIsWrittenOwnerOnlyAndIsTheOneInTheUri() throws Exception {
        TotpEnrollment.Enrolled e = enrollment().enroll("ada", false);

        Path file = dir.resolve("totp/ada");
        assertThat(e.file()).isEqualTo(file);
        assertThat(Files.readString(file)).isEqualTo(e.secret() + "\n");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
        assertThat(Totp.fromBase32(e.secret())).isNotNull(); // a secret the gateway takes
        assertThat(e.uri()).isEqualTo(new OtpAuthUri("Mila", "ada", e.secret()));
        assertThat(e.replaced()).isFalse();
        assertThat(e.toString()).doesNotContain(e.secret());
        try (Stream<Path> left = Files.list(dir.resolve("totp"))) {
            assertThat(left).containsExactly(file); // no temporary file left behind
        }
    }

    @Test
    void existingSecretIsKeptWithoutReset() throws Exception {
        TotpEnrollment enrollment = enrollment();
        String first = enrollment.enroll("ada", false).secret();

        assertThatThrownBy(() -> enrollment.enroll("ada", false)).isInstanceOfSatisfying(TotpEnrollment.Refusal.class,
                r -> {
                    assertThat(r.usage()).isFalse();
                    assertThat(r.getMessage()).isEqualTo("ada already has a TOTP secret (" + dir.resolve("totp/ada")
                            + "); --reset replaces it, and the codes of the phone that has it stop working");
                });
        assertThat(Files.readString(dir.resolve("totp/ada"))).isEqualTo(first + "\n");
    }

    @Test
    void resetReplacesTheSecret() throws Exception {
        TotpEnrollment enrollment = enrollment();
        String first = enrollment.enroll("ada", false).secret();

        TotpEnrollment.Enrolled again = enrollment.enroll("ada", true);

        assertThat(again.secret()).isNotEqualTo(first);
        assertThat(again.replaced()).isTrue();
        assertThat(Files.readString(dir.resolve("totp/ada"))).isEqualTo(again.secret() + "\n");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve("totp/ada"))))
                .isEqualTo("rw-------");
    }

    @Test
    void issuerIsTheHostNameWhenNotConfigured() throws Exception {
        Files.createDirectories(dir.resolve("totp"));
        TotpEnrollment e = TotpEnrollment.of(auth(null), () -> "gw1.example.org");
        assertThat(e.issuer()).isEqualTo("gw1.example.org");
        assertThat(e.enroll("ada", false).uri().text()).startsWith("otpauth://totp/gw1.example.org:ada?");
    }

    @Test
    void nameThatIsNotAUserNameIsRefusedBeforeAnythingIsWritten() throws Exception {
        TotpEnrollment enrollment = enrollment();
        for (String bad : List.of("../ada", "Ada", "ada/x", "", "..", "a b", "ada\u001b[2J")) {
            assertThatThrownBy(() -> enrollment.enroll(bad, false)).as(bad)
                    .isInstanceOfSatisfying(TotpEnrollment.Refusal.class, r -> {
                        assertThat(r.usage()).isTrue();
                        assertThat(r.getMessage()).contains("is not a valid user name").doesNotContain("\u001b")
                                .doesNotContain("\n");
                    });
        }
        try (Stream<Path> written = Files.list(dir.resolve("totp"))) {
            assertThat(written).isEmpty();
        }
    }

    @Test
    void missingDirectoryIsRefusedSayingHowToMakeIt() throws Exception {
        TotpEnrollment enrollment = TotpEnrollment.of(auth("Mila"), () -> "gw1");
        assertThatThrownBy(() -> enrollment.enroll("ada", false)).isInstanceOfSatisfying(TotpEnrollment.Refusal.class,
                r -> assertThat(r.getMessage()).isEqualTo(dir.resolve("totp") + " does not exist: make it for the "
                        + "gateway's user, e.g. install -d -m 0700 -o jumpgate -g jumpgate " + dir.resolve("totp")));
        assertThat(dir.resolve("totp")).doesNotExist();
    }

    @Test
    void radiusGatewayHasNoTotpToEnroll() {
        AuthConfig radius = new AuthConfig(AuthConfig.DEFAULT_METHODS, new PathTemplate(dir + "/keys/%u"), null, null,
                List.of(), AuthConfig.SecondFactor.RADIUS, Duration.ZERO, null,
                new RadiusConfig(List.of(HostPort.parse("127.0.0.1:1812", 1812)), dir.resolve("radius.secret"),
                        Duration.ofSeconds(5), 2, "gw1"));
        assertThatThrownBy(() -> TotpEnrollment.of(radius, () -> "gw1"))
                .isInstanceOfSatisfying(TotpEnrollment.Refusal.class, r -> {
                    assertThat(r.usage()).isTrue();
                    assertThat(r.getMessage()).isEqualTo("auth.secondFactor is radius: TOTP is not in use on this "
                            + "gateway, the site's MFA answers the code step");
                });
    }

    @Test
    void gatewayWithoutCodesHasNoTotpToEnroll() {
        AuthConfig keysOnly = new AuthConfig("publickey", new PathTemplate(dir + "/keys/%u"), null, null, List.of(),
                AuthConfig.SecondFactor.TOTP, Duration.ZERO, null, null);
        assertThatThrownBy(() -> TotpEnrollment.of(keysOnly, () -> "gw1"))
                .isInstanceOfSatisfying(TotpEnrollment.Refusal.class, r -> assertThat(r.getMessage())
                        .isEqualTo("auth.totpSecrets is not set: this gateway asks no TOTP code (auth.methods is 'publickey')"));
    }

    @Test
    void secretBelongsToWhoeverOwnsItsDirectory() throws Exception {
        assumeThat(System.getProperty("user.name")).as("only root can give a file away").isEqualTo("root");
        Path totp = Files.createDirectories(dir.resolve("totp"));
        UserPrincipal nobody = dir.getFileSystem().getUserPrincipalLookupService().lookupPrincipalByName("nobody");
        Files.setOwner(totp, nobody);

        TotpEnrollment.Enrolled e = TotpEnrollment.of(auth("Mila"), () -> "gw1").enroll("ada", false);

        assertThat(Files.getOwner(e.file())).isEqualTo(nobody);
        assertThat(e.owner()).isEqualTo("nobody");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(e.file()))).isEqualTo("rw-------");
    }
}
