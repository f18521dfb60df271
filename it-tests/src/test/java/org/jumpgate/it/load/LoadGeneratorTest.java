package org.jumpgate.it.load;

import org.jumpgate.testing.ManualClock;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import org.jumpgate.auth.Totp;
import org.jumpgate.common.HostPort;
import org.jumpgate.demo.Demo;
import org.jumpgate.loadgen.cli.LoadCommand;
import org.jumpgate.loadgen.report.HtmlReport;
import org.jumpgate.loadgen.report.JsonSummary;
import org.jumpgate.loadgen.run.LatencySummary;
import org.jumpgate.loadgen.report.SummaryTable;
import org.jumpgate.loadgen.run.CodeSource;
import org.jumpgate.loadgen.run.ErrorKind;
import org.jumpgate.loadgen.run.LoadPlan;
import org.jumpgate.loadgen.run.LoadResult;
import org.jumpgate.loadgen.run.LoadRun;
import org.jumpgate.loadgen.run.LoadUser;
import org.jumpgate.loadgen.run.Metric;
import org.jumpgate.loadgen.run.Scenario;
import org.jumpgate.loadgen.run.StopReason;
import org.jumpgate.loadgen.run.Target;
import org.jumpgate.loadgen.run.Users;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * The load generator against the demo gateway (in-process, port 0), as a user logs in: key, then
 * the one-time code. The demo has one user and the gateway accepts each 30 s step once per user,
 * so the demo checks codes against a clock this test moves one step forward for every code it
 * hands out. Only counts and shapes are asserted, never a wall-clock figure.
 */
class LoadGeneratorTest {

    private static final Duration BOUND = Duration.ofSeconds(60);

    @TempDir
    Path dir;

    @Test
    void loginRunAgainstTheDemoCountsEveryLoginAndWritesItsReports() throws Exception {
        ManualClock clock = new ManualClock();
        try (Demo demo = Demo.start(new Demo.Options(dir.resolve("demo"), 0, clock))) {
            LoadPlan plan = LoadPlan.builder(Scenario.LOGIN).concurrency(2).maxCount(5).duration(BOUND)
                    .timeout(Duration.ofSeconds(20)).build();
            LoadResult r = LoadRun.run(plan, Target.loopback(demo.port()).withKnownHosts(demo.knownHosts()),
                    demoUser(demo, clock), Clock.systemUTC());

            assertThat(r.errors()).as(SummaryTable.format(r)).isEmpty();
            assertThat(r.completed()).isEqualTo(5);
            assertThat(r.stopReason()).isEqualTo(StopReason.COUNT);
            assertThat(r.sessionsOpened()).isEqualTo(5);
            for (Metric m : new Metric[] {Metric.CONNECT, Metric.KEX, Metric.AUTH, Metric.FIRST_BYTE, Metric.LOGIN}) {
                LatencySummary l = r.latencies().get(m);
                assertThat(l).as(m.label()).isNotNull();
                assertThat(l.count()).as(m.label()).isEqualTo(5);
                assertThat(l.p50()).as(m.label()).isPositive().isLessThanOrEqualTo(l.p99());
            }
            assertThat(r.hostKeysVerified()).isTrue();
            assertThat(r.hostKeys()).isNotEmpty();

            Path json = dir.resolve("login.json");
            Path html = dir.resolve("login.html");
            JsonSummary.write(r, json);
            HtmlReport.write(r, html);
            JsonNode j = new ObjectMapper().readTree(json.toFile());
            assertThat(j.get("scenario").asText()).isEqualTo("login");
            assertThat(j.get("completed").asLong()).isEqualTo(5);
            assertThat(j.get("error_count").asLong()).isZero();
            assertThat(j.at("/latency_us/login/count").asLong()).isEqualTo(5);
            assertThat(j.at("/latency_us/login/p99").asLong())
                    .isGreaterThanOrEqualTo(j.at("/latency_us/login/p50").asLong()).isPositive();
            String page = Files.readString(html);
            assertThat(page).contains("<svg").contains("data-series=\"login-p50\"")
                    .contains("data-series=\"login-p99\"").doesNotContain("<script").doesNotContain("http://cdn");
        }
    }

    @Test
    void interactiveRunHoldsShellsAndTimesEachKeystroke() throws Exception {
        ManualClock clock = new ManualClock();
        try (Demo demo = Demo.start(new Demo.Options(dir.resolve("demo"), 0, clock))) {
            LoadPlan plan = LoadPlan.builder(Scenario.INTERACTIVE).concurrency(2).maxCount(6)
                    .interval(Duration.ofMillis(100)).duration(BOUND).timeout(Duration.ofSeconds(20)).build();
            LoadResult r = LoadRun.run(plan, Target.loopback(demo.port()), demoUser(demo, clock), Clock.systemUTC());

            assertThat(r.errors()).as(SummaryTable.format(r)).isEmpty();
            assertThat(r.completed()).isEqualTo(6);
            assertThat(r.sessionsOpened()).isEqualTo(2);
            LatencySummary echo = r.latencies().get(Metric.ECHO);
            assertThat(echo.count()).isEqualTo(6);
            assertThat(echo.p50()).isPositive().isLessThanOrEqualTo(echo.p99());
            assertThat(r.hostKeysVerified()).isFalse();
            assertThat(HtmlReport.render(r)).contains("<svg").contains("data-series=\"echo-p99\"");
        }
    }

    @Test
    void jumpRunOpensSeveralDirectTcpipChannelsPerSessionToALoginNode() throws Exception {
        ManualClock clock = new ManualClock();
        try (Demo demo = Demo.start(new Demo.Options(dir.resolve("demo"), 0, clock))) {
            LoadPlan plan = LoadPlan.builder(Scenario.JUMP).concurrency(2).channels(3).maxCount(6)
                    .jumpTarget(new HostPort("login-1", 22)).duration(BOUND).timeout(Duration.ofSeconds(20)).build();
            LoadResult r = LoadRun.run(plan, Target.loopback(demo.port()), demoUser(demo, clock), Clock.systemUTC());

            assertThat(r.errors()).as(SummaryTable.format(r)).isEmpty();
            assertThat(r.sessionsOpened()).as("three channels on each of two connections").isEqualTo(2);
            assertThat(r.completed()).isEqualTo(6);
            assertThat(r.latencies().get(Metric.FIRST_BYTE).count()).isEqualTo(6);
            assertThat(r.bytesReceived()).as("the login node's SSH identification").isPositive();
        }
    }

    @Test
    void aUsedStepIsCountedNotRetriedWhenTheRunMayNotWait() throws Exception {
        ManualClock clock = new ManualClock();
        try (Demo demo = Demo.start(new Demo.Options(dir.resolve("demo"), 0, clock))) {
            Totp totp = Totp.fromBase32(demo.totpSecret());
            CodeSource frozen = () -> {
                Instant t = clock.instant();
                return new CodeSource.Code(Totp.step(t), totp.codeAt(t));
            };
            Users users = Users.of(new LoadUser(Demo.USER, Users.readKey(demo.userKey()), frozen));
            LoadPlan plan = LoadPlan.builder(Scenario.LOGIN).maxCount(3).duration(BOUND)
                    .timeout(Duration.ofSeconds(20)).build();
            LoadResult r = LoadRun.run(plan, Target.loopback(demo.port()), users, Clock.systemUTC());

            assertThat(r.completed()).isEqualTo(1);
            assertThat(r.errors()).containsEntry(ErrorKind.TOTP_STEP_USED, 2L);
        }
    }

    @Test
    void loadCommandRunsAgainstTheDemoWithRealClockCodes() throws Exception {
        try (Demo demo = Demo.start(new Demo.Options(dir.resolve("demo"), 0, Clock.systemUTC()))) {
            Path users = usersDirectory(demo);
            Path json = dir.resolve("run.json");
            Path html = dir.resolve("run.html");
            StringWriter out = new StringWriter();
            StringWriter err = new StringWriter();
            CommandLine cl = new CommandLine(new LoadCommand());
            cl.setOut(new PrintWriter(out));
            cl.setErr(new PrintWriter(err));
            int code = cl.execute("--target", "127.0.0.1:" + demo.port(), "--scenario", "login", "--users",
                    users.toString(), "--max-count", "1", "--duration", "30s", "--known-hosts",
                    demo.knownHosts().toString(), "--json", json.toString(), "--report", html.toString(), "--quiet");

            System.out.println(out);
            assertThat(code).as(out + "\n" + err).isZero();
            assertThat(out.toString()).contains("completed 1  errors 0").contains("login").contains("errors: none");
            assertThat(new ObjectMapper().readTree(json.toFile()).get("completed").asLong()).isEqualTo(1);
            assertThat(Files.readString(html)).contains("<svg");
        }
    }

    @Test
    void aSignalledRunStopsEarlyClosesItsSessionsAndStillWritesItsSummary() throws Exception {
        try (Demo demo = Demo.start(new Demo.Options(dir.resolve("demo"), 0, Clock.systemUTC()))) {
            Path users = usersDirectory(demo);
            Path json = dir.resolve("stopped.json");
            Path log = dir.resolve("load.log");
            Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp",
                    System.getProperty("java.class.path"), "org.jumpgate.cli.Main", "load", "--target",
                    "127.0.0.1:" + demo.port(), "--scenario", "interactive", "--users", users.toString(),
                    "--interval", "200ms", "--duration", "10m", "--json", json.toString(), "--quiet")
                    .redirectErrorStream(true).redirectOutput(log.toFile()).start();
            try {
                Path audit = dir.resolve("demo").resolve("audit.log");
                await().atMost(Duration.ofSeconds(60)).until(() -> !p.isAlive()
                        || Files.exists(audit) && Files.readString(audit).contains("\"session.start\""));
                assertThat(p.isAlive()).as(Files.readString(log)).isTrue();

                p.destroy(); // SIGTERM, as Ctrl-C or an operator's kill would

                assertThat(p.waitFor(90, TimeUnit.SECONDS)).as("load ended after SIGTERM").isTrue();
                assertThat(p.exitValue()).as("128 + SIGTERM, like any program a signal ended").isEqualTo(143);
                assertThat(Files.readString(log)).contains("(stopped)").contains("errors: none");
                JsonNode j = new ObjectMapper().readTree(json.toFile());
                assertThat(j.get("stop_reason").asText()).isEqualTo("stopped");
                assertThat(j.get("sessions").asLong()).isEqualTo(1);
                assertThat(j.get("error_count").asLong()).isZero();
                await().atMost(Duration.ofSeconds(30)).until(() -> demo.gateway().activeSessions() == 0);
            } finally {
                p.destroyForcibly();
            }
        }
    }

    /** A {@code --users} directory with the demo user's key and TOTP secret, as an operator would lay it out. */
    private Path usersDirectory(Demo demo) throws Exception {
        Path user = Files.createDirectories(dir.resolve("users").resolve(Demo.USER));
        Files.copy(demo.userKey(), user.resolve(Users.KEY_FILE));
        Files.writeString(user.resolve(Users.TOTP_FILE), demo.totpSecret() + "\n");
        return user.getParent();
    }

    /** The demo user, with a code for a fresh step each time the gateway asks. */
    private static Users demoUser(Demo demo, ManualClock clock) throws Exception {
        Totp totp = Totp.fromBase32(demo.totpSecret());
        CodeSource fresh = () -> {
            Instant t = clock.advance(Totp.STEP);
            return new CodeSource.Code(Totp.step(t), totp.codeAt(t));
        };
        return Users.of(new LoadUser(Demo.USER, Users.readKey(demo.userKey()), fresh));
    }
}
