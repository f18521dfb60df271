package org.jumpgate.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
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
            err.println("jumpgate: " + path + " has " + e.errors().size() + " error"
                    + (e.errors().size() == 1 ? "" : "s") + ":");
            e.errors().forEach(line -> err.println("  " + line));
            err.flush();
            return null;
        }
    }
}
