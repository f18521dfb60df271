package org.jumpgate.loadgen.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.jumpgate.cli.JumpgateSubcommand;
import org.jumpgate.cli.Main;
import org.jumpgate.config.HostPort;
import org.jumpgate.loadgen.node.EchoNode;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code jumpgate echo-node}: a lightweight login node for capacity runs, in its own process.
 * Trusts user certificates from the gateway's CA; echoes instead of running programs.
 */
@Command(name = "echo-node", mixinStandardHelpOptions = true,
        description = {"Run a lightweight SSH login node for load tests: trusts the gateway's user CA,",
            "echoes shells, runs true, cat > /dev/null and echo X without processes."})
public final class EchoNodeCommand implements Callable<Integer>, JumpgateSubcommand {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--ca-key-file", required = true, paramLabel = "CA.pub",
            description = "the gateway's user CA public key (what 'jumpgate ca' prints)")
    Path caKeyFile;

    @Option(names = "--listen", defaultValue = "127.0.0.1:2200", paramLabel = "HOST:PORT",
            description = "SSH address (default ${DEFAULT-VALUE})")
    String listen;

    @Option(names = "--host-key", paramLabel = "FILE", description = "host key file, made if missing (default: a fresh key)")
    Path hostKey;

    @Option(names = "--tcp-echo", paramLabel = "HOST:PORT",
            description = "also run a plain TCP echo service here (a far end for the jump scenario)")
    String tcpEcho;

    public EchoNodeCommand() {
    }

    /** Found by {@link Main#run} with {@link java.util.ServiceLoader}: this is the command. */
    @Override
    public Object command() {
        return this;
    }

    @Override
    public Integer call() throws Exception {
        var err = spec.commandLine().getErr();
        List<String> problems = new ArrayList<>();
        HostPort address = hostPort("--listen", listen, problems);
        HostPort echo = tcpEcho == null ? null : hostPort("--tcp-echo", tcpEcho, problems);
        if (!Files.isReadable(caKeyFile)) {
            problems.add("--ca-key-file: cannot read " + caKeyFile);
        }
        if (!problems.isEmpty()) {
            problems.forEach(p -> err.println("jumpgate echo-node: " + p));
            err.flush();
            return Main.USAGE;
        }
        EchoNode node;
        try {
            node = EchoNode.start(new EchoNode.Options(address, EchoNode.readCa(caKeyFile), hostKey, echo));
        } catch (java.security.GeneralSecurityException | IllegalArgumentException e) {
            err.println("jumpgate echo-node: " + caKeyFile + ": not a usable public key: " + e.getMessage());
            err.flush();
            return Main.USAGE;
        }
        var out = spec.commandLine().getOut();
        out.println("echo-node listening on " + address.host() + ":" + node.port()
                + (echo != null ? ", TCP echo on " + echo.host() + ":" + node.tcpEchoPort() : ""));
        out.println("host key: " + node.hostKeyLine());
        out.flush();
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                node.close();
            } catch (java.io.IOException e) {
                // stopping anyway
            }
            stopped.countDown();
        }, "jumpgate-echo-node-shutdown"));
        stopped.await();
        return Main.OK;
    }

    private static HostPort hostPort(String option, String text, List<String> problems) {
        try {
            return HostPort.parse(text, -1);
        } catch (IllegalArgumentException e) {
            problems.add(option + ": " + e.getMessage());
            return null;
        }
    }
}
