package org.jumpgate.cli;

import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.jumpgate.check.ConfigCheck;
import org.jumpgate.common.ConfigException;
import org.jumpgate.common.Durations;
import org.jumpgate.config.GatewayConfig;
import org.jumpgate.server.Gateway;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "serve", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
        description = "Run the gateway.")
final class ServeCommand implements Callable<Integer> {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Mixin
    ConfigFile config;

    @Option(names = "--drain-timeout", defaultValue = "30s",
            description = "on SIGTERM, how long open sessions may go on before they are closed (default ${DEFAULT-VALUE})")
    String drainTimeout;

    @Override
    public Integer call() throws Exception {
        Duration drain;
        try {
            drain = Durations.parse(drainTimeout);
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--drain-timeout: " + e.getMessage());
        }
        // What `jumpgate check` refuses, serve refuses too, before anything is bound.
        ConfigCheck.Report report = ConfigCheck.of(config.path);
        if (!CheckCommand.print(report, config.path, spec.commandLine().getErr())) {
            return Main.USAGE;
        }
        GatewayConfig cfg = report.config();
        Gateway gateway;
        try {
            gateway = Gateway.builder(cfg).configFile(config.path).start();
            gateway.reloadOnHangup();
        } catch (ConfigException e) {
            e.errors().forEach(l -> spec.commandLine().getErr().println("jumpgate: " + l));
            return Main.USAGE;
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            gateway.stop(drain);
            stopped.countDown();
        }, "jumpgate-shutdown"));
        spec.commandLine().getOut().println("jumpgate listening on " + gateway.address());
        spec.commandLine().getOut().flush();
        stopped.await();
        return Main.OK;
    }
}
