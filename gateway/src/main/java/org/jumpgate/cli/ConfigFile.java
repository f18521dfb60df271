package org.jumpgate.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import org.jumpgate.common.ConfigException;
import org.jumpgate.config.ConfigLoader;
import org.jumpgate.config.GatewayConfig;
import picocli.CommandLine.Option;

/** The {@code --config FILE} option of the subcommands that run on a gateway's config, and its loading. */
final class ConfigFile {

    @Option(names = "--config", required = true, paramLabel = "FILE", description = "the YAML configuration file")
    Path path;

    /** The config, or {@code null} after printing every error the operator must fix. */
    GatewayConfig load(PrintWriter err) {
        try {
            return ConfigLoader.load(path);
        } catch (ConfigException e) {
            printErrors(err, path, e.errors());
            return null;
        }
    }

    /** {@code jumpgate: FILE has N errors:}, then each on its own line. */
    static void printErrors(PrintWriter err, Path path, List<String> errors) {
        err.println("jumpgate: " + path + " has " + errors.size() + " error" + (errors.size() == 1 ? "" : "s") + ":");
        errors.forEach(line -> err.println("  " + line));
        err.flush();
    }
}
