package org.jumpgate.cli;

import java.io.PrintWriter;
import java.util.Iterator;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import org.jumpgate.common.BuildInfo;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** Entry point of the {@code jumpgate} command. */
@Command(name = "jumpgate", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
        description = "The SSH front door of a compute cluster.",
        subcommands = {ServeCommand.class, CheckCommand.class, DemoCommand.class, FingerprintsCommand.class,
                CaCommand.class, AdminCommand.class, TotpCommand.class, CommandLine.HelpCommand.class})
public final class Main implements Runnable {

    public static final int OK = 0;
    public static final int FAILURE = 1;
    public static final int USAGE = 2;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        System.exit(run(args));
    }

    /** Runs the command line and returns its exit code (tests call this). */
    public static int run(String... args) {
        CommandLine cl = new CommandLine(new Main());
        addDiscoveredSubcommands(cl);
        cl.setExitCodeExceptionMapper(e -> e instanceof CommandLine.ParameterException ? USAGE : FAILURE);
        cl.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
            PrintWriter err = commandLine.getErr();
            err.println("jumpgate: " + (e.getMessage() != null ? e.getMessage() : e.toString()));
            err.flush();
            return FAILURE;
        });
        cl.getCommandSpec().exitCodeOnInvalidInput(USAGE);
        for (CommandLine sub : cl.getSubcommands().values()) {
            sub.getCommandSpec().exitCodeOnInvalidInput(USAGE);
        }
        return cl.execute(args);
    }

    /**
     * Adds the {@link JumpgateSubcommand}s on the class path: after the built-in ones, before
     * {@code help}. One that cannot be loaded is named on stderr; the others still work.
     */
    private static void addDiscoveredSubcommands(CommandLine cl) {
        CommandLine help = cl.getCommandSpec().removeSubcommand("help");
        Iterator<JumpgateSubcommand> found = ServiceLoader.load(JumpgateSubcommand.class).iterator();
        while (true) {
            try {
                if (!found.hasNext()) {
                    break;
                }
                cl.addSubcommand(found.next().command());
            } catch (ServiceConfigurationError e) {
                System.err.println("jumpgate: cannot load a subcommand: " + e.getMessage());
            }
        }
        cl.addSubcommand("help", help);
    }

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "a subcommand is required: serve, check, demo, fingerprints, ca");
    }

    /** The version options of every subcommand: the build's project version ({@link BuildInfo}). */
    public static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {"jumpgate " + BuildInfo.version()};
        }
    }
}
