package org.jumpgate.loadgen.cli;

import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.jumpgate.cli.JumpgateSubcommand;
import org.jumpgate.cli.Main;
import org.jumpgate.config.Cidr;
import org.jumpgate.config.Durations;
import org.jumpgate.config.HostPort;
import org.jumpgate.loadgen.report.HtmlReport;
import org.jumpgate.loadgen.report.JsonSummary;
import org.jumpgate.loadgen.report.ProgressView;
import org.jumpgate.loadgen.report.SummaryTable;
import org.jumpgate.loadgen.run.InvalidPlanException;
import org.jumpgate.loadgen.run.LoadPlan;
import org.jumpgate.loadgen.run.LoadResult;
import org.jumpgate.loadgen.run.LoadRun;
import org.jumpgate.loadgen.run.Scenario;
import org.jumpgate.loadgen.run.Target;
import org.jumpgate.loadgen.run.TargetRefusedException;
import org.jumpgate.loadgen.run.Users;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code jumpgate load}: a bounded load run against a gateway on loopback or an allowed test host.
 * Exit 0 when the run completed (errors counted and printed), 2 on bad usage, 1 when the target
 * could not be reached at all. Ctrl-C or SIGTERM stops the run early as {@code stopped}: sessions
 * close and the summary, JSON and report are still written, within {@link #STOP_GRACE}; the exit
 * status is then the signal's (130, 143), as for any program a signal ended.
 */
@Command(name = "load", mixinStandardHelpOptions = true,
        description = {"Load-test a gateway: logins, held interactive shells, jump channels or bulk transfers.",
            "Users log in with <user>/id_ed25519 and, when the gateway asks, the code from <user>/totp."})
public final class LoadCommand implements Callable<Integer>, JumpgateSubcommand {

    /** After Ctrl-C or SIGTERM, how long the JVM waits for the run to close and its reports to be written. */
    static final Duration STOP_GRACE = Duration.ofSeconds(60);

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--target", required = true, paramLabel = "HOST:PORT", description = "the gateway")
    String target;

    @Option(names = "--scenario", required = true, paramLabel = "NAME",
            description = "login | interactive | jump | bulk")
    String scenario;

    @Option(names = "--users", required = true, paramLabel = "DIR",
            description = "directory of <user>/id_ed25519 and optional <user>/totp (base32)")
    Path users;

    @Option(names = "--concurrency", defaultValue = "1", paramLabel = "N",
            description = "logins in flight, or sessions held (default ${DEFAULT-VALUE})")
    int concurrency;

    @Option(names = "--rate", paramLabel = "R/s", description = "starts per second at most, e.g. 20/s, 30/m (default: no limit)")
    String rate;

    @Option(names = "--duration", defaultValue = "30s", paramLabel = "TIME",
            description = "stop starting work after this (default ${DEFAULT-VALUE})")
    String duration;

    @Option(names = "--max-count", defaultValue = "0", paramLabel = "N",
            description = "stop after N operations (0: duration only)")
    long maxCount;

    @Option(names = "--ramp", defaultValue = "0s", paramLabel = "TIME", description = "time to reach full concurrency")
    String ramp;

    @Option(names = "--hard-limit", paramLabel = "TIME",
            description = "end the run by then, aborting what runs (default: duration + timeout + 5s)")
    String hardLimit;

    @Option(names = "--timeout", defaultValue = "30s", paramLabel = "TIME",
            description = "one login, probe or transfer fails after this (default ${DEFAULT-VALUE})")
    String timeout;

    @Option(names = "--interval", defaultValue = "3s", paramLabel = "TIME",
            description = "time between keystrokes or probes in held sessions (default ${DEFAULT-VALUE})")
    String interval;

    @Option(names = "--jump-target", paramLabel = "HOST:PORT", description = "where jump channels go (jump)")
    String jumpTarget;

    @Option(names = "--channels", defaultValue = "1", paramLabel = "N",
            description = "jump channels each session holds (jump; default ${DEFAULT-VALUE})")
    int channels;

    @Option(names = "--bulk-mib", defaultValue = "16", paramLabel = "N", description = "MiB per transfer (bulk)")
    long bulkMib;

    @Option(names = "--bulk-command", defaultValue = LoadPlan.DEFAULT_BULK_COMMAND, paramLabel = "CMD",
            description = "the command that swallows a transfer (default '${DEFAULT-VALUE}')")
    String bulkCommand;

    @Option(names = "--totp-wait", description = "when a user's one-time-code step is used, wait for the next"
            + " instead of counting a totp-step-used error")
    boolean totpWait;

    @Option(names = "--known-hosts", paramLabel = "FILE",
            description = "check the gateway's host key against this file (default: accept and print it)")
    Path knownHosts;

    @Option(names = "--allow-target", paramLabel = "CIDR",
            description = "besides loopback, address blocks load may go to (our own test hosts only)")
    List<String> allowTargets = new ArrayList<>();

    @Option(names = "--kex", split = ",", paramLabel = "NAME",
            description = "key exchange algorithms to offer, in order (default: the gateway's own, post-quantum first)")
    List<String> kex = new ArrayList<>();

    @Option(names = "--json", paramLabel = "FILE", description = "write the summary as JSON")
    Path json;

    @Option(names = "--report", paramLabel = "FILE", description = "write an HTML report with charts")
    Path report;

    @Option(names = "--quiet", description = "no progress bar")
    boolean quiet;

    public LoadCommand() {
    }

    /** Found by {@link Main#run} with {@link java.util.ServiceLoader}: this is the command. */
    @Override
    public Object command() {
        return this;
    }

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        List<String> problems = new ArrayList<>();
        LoadPlan plan = plan(problems);
        HostPort address = hostPort(target, "--target", problems);
        List<Cidr> allowed = new ArrayList<>();
        for (String a : allowTargets) {
            try {
                allowed.add(Cidr.parse(a));
            } catch (IllegalArgumentException e) {
                problems.add("--allow-target: " + e.getMessage());
            }
        }
        if (knownHosts != null && !Files.isReadable(knownHosts)) {
            problems.add("--known-hosts: cannot read " + knownHosts);
        }
        Users loaded = null;
        try {
            loaded = Users.fromDirectory(users, Clock.systemUTC());
        } catch (Exception e) {
            problems.add("--users: " + e.getMessage());
        }
        if (!problems.isEmpty() || plan == null || address == null) {
            return usage(err, problems);
        }
        Target t = new Target(address, knownHosts, allowed);
        LoadResult result;
        CountDownLatch written = new CountDownLatch(1);
        Thread onSignal = null;
        try (LoadRun run = LoadRun.start(plan, t, loaded, Clock.systemUTC())) {
            onSignal = stopOnSignal(run, written);
            boolean bar = !quiet && System.console() != null;
            result = bar ? ProgressView.follow(run, new PrintStream(System.err, true)) : run.awaitResult();
        } catch (TargetRefusedException e) {
            return usage(err, List.of(e.getMessage()));
        }
        try {
            return report(result, address, out, err);
        } finally {
            written.countDown();
            if (onSignal != null) {
                try {
                    Runtime.getRuntime().removeShutdownHook(onSignal);
                } catch (IllegalStateException shuttingDown) {
                    // the hook is running: it has just been released
                }
            }
        }
    }

    /** Ctrl-C or SIGTERM: stop starting work, close the sessions, and hold the JVM until the reports are out. */
    private static Thread stopOnSignal(LoadRun run, CountDownLatch written) {
        Thread hook = new Thread(() -> {
            run.stop();
            try {
                written.await(STOP_GRACE.toMillis(), TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "jumpgate-load-stop");
        Runtime.getRuntime().addShutdownHook(hook);
        return hook;
    }

    private int report(LoadResult result, HostPort address, PrintWriter out, PrintWriter err) throws java.io.IOException {
        out.print(SummaryTable.format(result));
        out.flush();
        if (json != null) {
            JsonSummary.write(result, json);
        }
        if (report != null) {
            HtmlReport.write(result, report);
        }
        if (!result.reachable()) {
            err.println("jumpgate load: could not reach " + address + " at all");
            err.flush();
            return Main.FAILURE;
        }
        return Main.OK;
    }

    private LoadPlan plan(List<String> problems) {
        Scenario s = null;
        try {
            s = Scenario.parse(scenario);
        } catch (IllegalArgumentException e) {
            problems.add("--scenario: " + e.getMessage());
        }
        LoadPlan.Builder b = LoadPlan.builder(s == null ? Scenario.LOGIN : s).concurrency(concurrency)
                .maxCount(maxCount).bulkBytes(bulkMib * LoadPlan.MIB).bulkCommand(bulkCommand).totpWait(totpWait).kex(kex)
                .channels(channels);
        b.duration(duration("--duration", duration, problems)).ramp(duration("--ramp", ramp, problems))
                .timeout(duration("--timeout", timeout, problems)).interval(duration("--interval", interval, problems));
        if (hardLimit != null) {
            b.hardLimit(duration("--hard-limit", hardLimit, problems));
        }
        if (rate != null) {
            b.rate(rate(rate, problems));
        }
        if (jumpTarget != null) {
            b.jumpTarget(hostPort(jumpTarget, "--jump-target", problems));
        }
        try {
            LoadPlan p = b.build();
            return s == null ? null : p;
        } catch (InvalidPlanException e) {
            problems.addAll(e.problems());
            return null;
        } catch (RuntimeException e) {
            // a missing value already reported above
            return null;
        }
    }

    private static Duration duration(String option, String text, List<String> problems) {
        try {
            return Durations.parse(text);
        } catch (IllegalArgumentException e) {
            problems.add(option + ": " + e.getMessage());
            return null;
        }
    }

    /** {@code 20/s}, {@code 30/m}, or a bare number per second. */
    static double rate(String text, List<String> problems) {
        String t = text.trim().toLowerCase(Locale.ROOT);
        double per = 1;
        if (t.endsWith("/s")) {
            t = t.substring(0, t.length() - 2);
        } else if (t.endsWith("/m")) {
            t = t.substring(0, t.length() - 2);
            per = 60;
        }
        try {
            return Double.parseDouble(t) / per;
        } catch (NumberFormatException e) {
            problems.add("--rate: '" + text + "' is not a rate, expected e.g. 20/s or 30/m");
            return 0;
        }
    }

    private static HostPort hostPort(String text, String option, List<String> problems) {
        try {
            HostPort h = HostPort.parse(text, -1);
            if (h.port() == 0) {
                problems.add(option + ": port 0 is not a port to connect to");
                return null;
            }
            return h;
        } catch (IllegalArgumentException e) {
            problems.add(option + ": " + e.getMessage());
            return null;
        }
    }

    private static int usage(PrintWriter err, List<String> problems) {
        for (String p : problems) {
            err.println("jumpgate load: " + p);
        }
        err.flush();
        return Main.USAGE;
    }
}
