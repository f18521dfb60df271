package org.jumpgate.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import org.jumpgate.config.ConfigException;
import org.jumpgate.config.ConfigLoader;
import org.jumpgate.config.GatewayConfig;

/** Loads a config for a subcommand, printing every error the operator must fix. */
final class Configs {

    private Configs() {
    }

    /** The config, or {@code null} after printing its errors. */
    static GatewayConfig load(Path file, PrintWriter err) {
        try {
            return ConfigLoader.load(file);
        } catch (ConfigException e) {
            err.println("jumpgate: " + file + " has " + e.errors().size() + " error"
                    + (e.errors().size() == 1 ? "" : "s") + ":");
            e.errors().forEach(line -> err.println("  " + line));
            err.flush();
            return null;
        }
    }
}
