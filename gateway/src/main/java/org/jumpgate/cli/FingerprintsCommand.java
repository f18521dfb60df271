package org.jumpgate.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.jumpgate.config.GatewayConfig;
import org.jumpgate.keys.HostKeys;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "fingerprints", description = "Print the host key fingerprints, as ssh-keygen -lf prints them.")
final class FingerprintsCommand implements Callable<Integer> {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--config", required = true, description = "the YAML configuration file")
    Path config;

    @Override
    public Integer call() throws Exception {
        GatewayConfig cfg = Configs.load(config, spec.commandLine().getErr());
        if (cfg == null) {
            return Main.USAGE;
        }
        HostKeys.load(cfg.dataDir()).fingerprintLines().forEach(spec.commandLine().getOut()::println);
        spec.commandLine().getOut().flush();
        return Main.OK;
    }
}
