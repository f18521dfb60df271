package org.jumpgate.cli;

import java.util.concurrent.Callable;
import org.jumpgate.config.GatewayConfig;
import org.jumpgate.keys.HostKeys;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

@Command(name = "fingerprints", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
        description = "Print the host key fingerprints, as ssh-keygen -lf prints them.")
final class FingerprintsCommand implements Callable<Integer> {

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
        HostKeys.load(cfg.dataDir()).fingerprintLines().forEach(spec.commandLine().getOut()::println);
        spec.commandLine().getOut().flush();
        return Main.OK;
    }
}
