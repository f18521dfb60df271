package org.jumpgate.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyPair;
import java.util.Arrays;
import java.util.List;
import org.jumpgate.auth.Totp;
import org.jumpgate.enroll.QrReading;
import org.jumpgate.harness.GatewayHarness;
import org.jumpgate.harness.TestUser;
import org.jumpgate.testing.LogCapture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code jumpgate totp enroll} against the config of a running gateway, and logging in with what it showed. */
class TotpEnrollCommandTest {

    @TempDir
    static Path dir;
    static GatewayHarness gw;

    @TempDir
    Path scratch;

    @BeforeAll
    static void start() throws Exception {
        gw = GatewayHarness.in(dir).node("login-1").start();
    }

    @AfterAll
    static void stop() throws Exception {
        gw.close();
    }

    /** What one run printed. */
    private record Run(int status, String out, String err) {
        List<String> outLines() {
            return out.lines().toList();
        }

        /** The lines of the QR code: between the "Scan" line and the URI. */
        List<String> qrLines() {
            List<String> lines = outLines();
            int scan = indexOf(lines, "Scan this QR code");
            int uri = indexOf(lines, "otpauth://");
            return lines.subList(scan + 1, uri);
        }

        String uri() {
            return outLines().get(indexOf(outLines(), "otpauth://"));
        }

        String secretLine() {
            return outLines().get(indexOf(outLines(), "secret: "));
        }

        private static int indexOf(List<String> lines, String start) {
            for (int i = 0; i < lines.size(); i++) {
                if (lines.get(i).startsWith(start)) {
                    return i;
                }
            }
            throw new AssertionError("no line starting with '" + start + "' in:\n" + String.join("\n", lines));
        }
    }

    private static Run enroll(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        PrintStream oldOut = System.out;
        PrintStream oldErr = System.err;
        System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
        try {
            String[] all = new String[args.length + 2];
            all[0] = "totp";
            all[1] = "enroll";
            System.arraycopy(args, 0, all, 2, args.length);
            int status = Main.run(all);
            return new Run(status, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(oldOut);
            System.setErr(oldErr);
        }
    }

    private static String config() {
        return gw.configFile().toString();
    }

    private static String secretParameter(String uri) {
        return Arrays.stream(URI.create(uri).getRawQuery().split("&")).filter(p -> p.startsWith("secret="))
                .map(p -> p.substring("secret=".length())).findFirst().orElseThrow();
    }

    private static String codeOf(String secret) {
        return Totp.fromBase32(secret).codeAt(gw.totpClock().advance(Totp.STEP));
    }

    @Test
    void scannedQrCodeMakesTheCodesThatLogIn() throws Exception {
        KeyPair key = gw.userWithoutSecret("ada");
        Run run;
        String scanned;
        try (LogCapture log = LogCapture.of("org.jumpgate")) {
            run = enroll("--config", config(), "ada");
            assertThat(run.status()).as(run.err()).isZero();
            scanned = QrReading.decodeTerminal(run.qrLines(), true);
            String secret = secretParameter(scanned);

            assertThat(scanned).isEqualTo(run.uri()).startsWith("otpauth://totp/").contains(":ada?secret=");
            assertThat(Files.readString(dir.resolve("totp/ada")).strip()).isEqualTo(secret);
            assertThat(run.secretLine()).isEqualTo("secret: " + secret);
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve("totp/ada"))))
                    .isEqualTo("rw-------");
            assertThat(gw.tryLogin("ada", key, codeOf(secret)).succeeded()).isTrue();
            assertThat(log.messages()).noneMatch(m -> m.contains(secret));
        }
        assertThat(run.outLines().get(0)).isEqualTo("ada's TOTP secret is in " + dir.resolve("totp/ada")
                + " (mode 0600, owner " + Files.getOwner(dir.resolve("totp")).getName() + ").");
        assertThat(run.err()).isEmpty();
    }

    @Test
    void existingSecretIsKeptUntilResetAndThenTheOldPhoneNoLongerWorks() throws Exception {
        TestUser bea = gw.user("bea");
        Path file = dir.resolve("totp/bea");

        Run refused = enroll("--config", config(), "bea");
        assertThat(refused.status()).isEqualTo(1);
        assertThat(refused.err().lines()).containsExactly("jumpgate: bea already has a TOTP secret (" + file
                + "); --reset replaces it, and the codes of the phone that has it stop working");
        assertThat(refused.out()).isEmpty();
        assertThat(Files.readString(file).strip()).isEqualTo(bea.totpSecret());

        Run reset = enroll("--config", config(), "--reset", "bea");
        assertThat(reset.status()).as(reset.err()).isZero();
        String secret = secretParameter(QrReading.decodeTerminal(reset.qrLines(), true));
        assertThat(secret).isNotEqualTo(bea.totpSecret());
        assertThat(Files.readString(file).strip()).isEqualTo(secret);
        assertThat(reset.outLines().get(0)).endsWith("; it replaced the old one, whose codes no longer work.");

        assertThat(gw.tryLogin("bea", bea.key(), gw.nextCode(bea)).succeeded()).as("the old phone's code").isFalse();
        assertThat(gw.tryLogin("bea", bea.key(), codeOf(secret)).succeeded()).as("the new phone's code").isTrue();
    }

    @Test
    void pngImageScansToTheSameUri() throws Exception {
        gw.userWithoutSecret("cy");
        Path png = scratch.resolve("cy.png");

        Run run = enroll("--config", config(), "cy", "--png", png.toString());

        assertThat(run.status()).as(run.err()).isZero();
        assertThat(QrReading.decodePng(Files.readAllBytes(png))).isEqualTo(run.uri());
        assertThat(secretParameter(run.uri())).isEqualTo(Files.readString(dir.resolve("totp/cy")).strip());
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(png))).isEqualTo("rw-------");
        assertThat(run.out()).contains("QR code image: " + png + " (mode 0600)");
    }

    @Test
    void invertedQrCodeScansOnALightTerminal() throws Exception {
        gw.userWithoutSecret("dee");
        Run run = enroll("--config", config(), "--invert", "dee");
        assertThat(run.status()).as(run.err()).isZero();
        assertThat(QrReading.decodeTerminal(run.qrLines(), false)).isEqualTo(run.uri());
    }

    @Test
    void badUserNameIsRefusedWithOneLine() {
        Run run = enroll("--config", config(), "../etc/passwd");
        assertThat(run.status()).isEqualTo(2);
        assertThat(run.err().lines()).containsExactly("jumpgate: '../etc/passwd' is not a valid user name, expected "
                + "[a-z_][a-z0-9_.-]{0,31} (lower case, as useradd makes them)");
        assertThat(run.out()).isEmpty();
    }

    @Test
    void missingPngDirectoryIsRefusedBeforeAnythingIsWritten() throws Exception {
        gw.userWithoutSecret("eve");
        Run run = enroll("--config", config(), "eve", "--png", scratch.resolve("no/such/eve.png").toString());
        assertThat(run.status()).isEqualTo(2);
        assertThat(run.err().lines()).containsExactly("jumpgate: --png " + scratch.resolve("no/such/eve.png") + ": "
                + scratch.resolve("no/such") + " is not a directory");
        assertThat(dir.resolve("totp/eve")).doesNotExist();
    }

    @Test
    void radiusGatewayRefusesWithOneLine() throws Exception {
        Path cfg = scratch.resolve("radius.yaml");
        Files.writeString(cfg, "listen: \"127.0.0.1:0\"\n"
                + "dataDir: " + scratch.resolve("data") + "\n"
                + "auth:\n"
                + "  authorizedKeys: " + scratch.resolve("keys/%u") + "\n"
                + "  secondFactor: radius\n"
                + "  radius:\n"
                + "    servers: [\"127.0.0.1:1812\"]\n"
                + "    secretFile: " + scratch.resolve("radius.secret") + "\n"
                + "backends:\n  - name: login-1\n    address: \"127.0.0.1:22\"\n");
        Run run = enroll("--config", cfg.toString(), "ada");
        assertThat(run.status()).isEqualTo(2);
        assertThat(run.err().lines()).containsExactly("jumpgate: auth.secondFactor is radius: TOTP is not in use on "
                + "this gateway, the site's MFA answers the code step");
    }

    @Test
    void badConfigListsItsErrors() throws Exception {
        Path cfg = scratch.resolve("bad.yaml");
        Files.writeString(cfg, "listen: x:y\nbackends: []\nauth: {}\n");
        Run run = enroll("--config", cfg.toString(), "ada");
        assertThat(run.status()).isEqualTo(2);
        assertThat(run.err()).contains("errors:").contains("auth.authorizedKeys: missing");
    }
}
