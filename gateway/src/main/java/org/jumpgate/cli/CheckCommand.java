package org.jumpgate.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.jumpgate.check.ConfigCheck;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/**
 * {@code jumpgate check --config FILE}: the config and every file and directory it names, every
 * problem at once, nothing bound or written. Run it as the gateway's user (systemd's
 * {@code ExecStartPre} does).
 */
@Command(name = "check", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
        description = {"Check a configuration and every file and directory it names (missing, wrong owner or mode,"
                + " unreadable, not writable), without starting anything: every problem at once, one line each.",
                "Run it as the gateway's user. Exit status 0: config OK; 2: the errors are listed."})
final class CheckCommand implements Callable<Integer> {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Mixin
    ConfigFile config;

    @Override
    public Integer call() {
        ConfigCheck.Report report = ConfigCheck.of(config.path);
        if (!print(report, config.path, spec.commandLine().getErr())) {
            return Main.USAGE;
        }
        PrintWriter out = spec.commandLine().getOut();
        out.println("jumpgate: " + config.path + ": config OK (" + report.summary()
                + (report.warnings().isEmpty() ? "" : ", " + report.warnings().size() + " warning"
                        + (report.warnings().size() == 1 ? "" : "s")) + ")");
        out.flush();
        return Main.OK;
    }

    /** Prints the warnings, then the errors (as every command prints a bad config's); true when there are none. */
    static boolean print(ConfigCheck.Report report, Path file, PrintWriter err) {
        report.warnings().forEach(w -> err.println("jumpgate: warning: " + w));
        err.flush();
        if (!report.ok()) {
            ConfigFile.printErrors(err, file, report.errors());
        }
        return report.ok();
    }
}
