package org.jumpgate.cli;

import java.nio.file.Files;
import java.time.Clock;
import java.util.concurrent.Callable;
import org.jumpgate.config.GatewayConfig;
import org.jumpgate.keys.UserCa;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

@Command(name = "ca", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
        description = "Print the user CA public key line for the login nodes' TrustedUserCAKeys.")
final class CaCommand implements Callable<Integer> {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Mixin
    ConfigFile config;

    @Override
    public Integer call() throws Exception {
        GatewayConfig cfg = config.load(spec.commandLine().getErr());
        if (cfg == null) {
            return Main.USAGE;
        }
        if (!Files.exists(cfg.dataDir().resolve(UserCa.FILE))) {
            Files.createDirectories(cfg.dataDir());
        }
        spec.commandLine().getOut().println(UserCa.loadOrCreate(cfg.dataDir(), Clock.systemUTC()).publicKeyLine());
        spec.commandLine().getOut().flush();
        return Main.OK;
    }
}
