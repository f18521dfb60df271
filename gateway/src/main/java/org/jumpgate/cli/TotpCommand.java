package org.jumpgate.cli;

import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.jumpgate.config.GatewayConfig;
import org.jumpgate.enroll.QrCode;
import org.jumpgate.enroll.TotpEnrollment;
import org.jumpgate.keys.KeyFiles;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code jumpgate totp ...}: users' TOTP secrets. */
@Command(name = "totp", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
        description = "Users' TOTP secrets (the second factor).",
        subcommands = {TotpCommand.Enroll.class})
final class TotpCommand implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "a subcommand is required: enroll");
    }

    /**
     * {@code jumpgate totp enroll --config FILE USER [--reset] [--png FILE] [--invert]}: a new
     * secret in the user's file, shown as a QR code, an otpauth URI and in base32. The secret
     * goes to stdout only (that is what the command is for), never to a log.
     */
    @Command(name = "enroll", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
            description = {
                "Make a new TOTP secret for USER, write it where auth.totpSecrets says (mode 0600, owner that of "
                        + "its directory), and show it as a QR code for an authenticator app, an otpauth:// URI and "
                        + "in base32 for typing in.",
                "The QR code is drawn with half blocks for a terminal with light text on a dark background "
                        + "(as qrencode -t UTF8); --invert is for dark text on a light background.",
                "Anyone who sees the QR code or the secret can make the user's codes: clear the screen afterwards."})
    static final class Enroll implements Callable<Integer> {

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Mixin
        ConfigFile config;

        @Parameters(paramLabel = "USER", description = "the user's name, as in auth.totpSecrets' %%u")
        String user;

        @Option(names = "--reset", description = "replace the user's existing secret (a lost or new phone); "
                + "codes from the old one stop working")
        boolean reset;

        @Option(names = "--png", paramLabel = "FILE", description = "also write the QR code as a PNG image (mode 0600: "
                + "it holds the secret)")
        Path png;

        @Option(names = "--invert", description = "draw the QR code for a terminal with dark text on a light background")
        boolean invert;

        @Override
        public Integer call() throws IOException {
            PrintWriter err = spec.commandLine().getErr();
            GatewayConfig cfg = config.load(err);
            if (cfg == null) {
                return Main.USAGE;
            }
            if (png != null && !Files.isDirectory(png.toAbsolutePath().getParent())) {
                return refuse(err, "--png " + png + ": " + png.toAbsolutePath().getParent() + " is not a directory",
                        Main.USAGE);
            }
            TotpEnrollment.Enrolled done;
            try {
                done = TotpEnrollment.of(cfg.auth()).enroll(user, reset);
            } catch (TotpEnrollment.Refusal e) {
                return refuse(err, e.getMessage(), e.usage() ? Main.USAGE : Main.FAILURE);
            }
            QrCode qr = QrCode.of(done.uri().text());
            // UTF-8 whatever the locale says, as qrencode -t UTF8 writes: the half blocks are not ASCII
            PrintWriter out = new PrintWriter(new OutputStreamWriter(System.out, StandardCharsets.UTF_8));
            out.println(done.user() + "'s TOTP secret is in " + done.file() + " (mode 0600, owner " + done.owner() + ")"
                    + (done.replaced() ? "; it replaced the old one, whose codes no longer work." : "."));
            out.println("Scan this QR code with an authenticator app; it then shows codes for "
                    + done.uri().issuer() + " (" + done.user() + "):");
            out.print(qr.terminalText(invert));
            out.println(done.uri().text());
            out.println("secret: " + done.secret());
            out.flush();
            if (png != null) {
                KeyFiles.writeSecret(png, qr.png());
                out.println("QR code image: " + png + " (mode 0600)");
            }
            out.println("Anyone who sees the QR code or the secret can make " + done.user()
                    + "'s codes: clear the screen" + (png != null ? " and delete the image" : "") + " once it is scanned.");
            out.flush();
            return Main.OK;
        }

        private static int refuse(PrintWriter err, String line, int status) {
            err.println("jumpgate: " + line);
            err.flush();
            return status;
        }
    }
}
