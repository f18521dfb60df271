package org.jumpgate.cli;

import java.nio.file.Path;
import java.time.Clock;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.jumpgate.auth.Totp;
import org.jumpgate.demo.Demo;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "demo", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
        description = "Run the gateway with in-process demo login nodes and a demo user, on 127.0.0.1.")
final class DemoCommand implements Callable<Integer> {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--port", defaultValue = "2222", description = "port on 127.0.0.1 (default ${DEFAULT-VALUE})")
    int port;

    @Option(names = "--dir", description = "where the demo keeps its keys and files (default: ~/.jumpgate-demo)")
    Path dir;

    @Override
    public Integer call() throws Exception {
        Path d = dir != null ? dir : Path.of(System.getProperty("user.home"), ".jumpgate-demo");
        Clock clock = Clock.systemUTC();
        Demo demo = Demo.start(new Demo.Options(d, port, clock, Demo.REMEMBER));
        var out = spec.commandLine().getOut();
        out.println(demo.instructions());
        out.flush();
        ScheduledExecutorService codes = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "jumpgate-demo-codes");
            t.setDaemon(true);
            return t;
        });
        long untilNextStep = Totp.STEP.toMillis() - clock.millis() % Totp.STEP.toMillis();
        codes.scheduleAtFixedRate(() -> {
            out.println("Verification code now: " + demo.currentCode());
            out.flush();
        }, untilNextStep, Totp.STEP.toMillis(), TimeUnit.MILLISECONDS);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            codes.shutdownNow();
            demo.close();
            stopped.countDown();
        }, "jumpgate-demo-shutdown"));
        stopped.await();
        return Main.OK;
    }
}
