package org.jumpgate.balancer.bench;

import com.github.benmanes.caffeine.cache.Ticker;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.jumpgate.balancer.Backend;
import org.jumpgate.balancer.BackendConfig;
import org.jumpgate.balancer.BackendSelector;
import org.jumpgate.balancer.ProbeConfig;
import org.jumpgate.balancer.affinity.Affinity;
import org.jumpgate.balancer.pool.BackendPool;
import org.jumpgate.balancer.pool.NodeMetrics;
import org.jumpgate.balancer.pool.PoolMember;
import org.jumpgate.balancer.selection.Scoring;
import org.jumpgate.balancer.selection.Selection;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;
import org.openjdk.jmh.profile.GCProfiler;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.OptionsBuilder;

/**
 * {@code pick()} and session accounting under contention, with node_exporter load on every node
 * and affinity for a third of the users. Run:
 *
 * <pre>
 * mvn -B -q -pl balancer test-compile dependency:build-classpath -Dmdep.outputFile=target/cp.txt
 * java -cp balancer/target/test-classes:balancer/target/classes:$(cat balancer/target/cp.txt) \
 *     org.jumpgate.balancer.bench.PickBenchmark
 * </pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
@Threads(4)
public class PickBenchmark {

    @Param({"3", "16"})
    int backends;

    private BackendPool pool;
    private Selection selection;
    private String[] users;

    @Setup(Level.Trial)
    public void setUp() {
        List<BackendConfig> configs = new ArrayList<>();
        for (int i = 0; i < backends; i++) {
            configs.add(new BackendConfig(new Backend("login-" + i, "10.0.0." + (10 + i), 22),
                    ProbeConfig.metrics("http://10.0.0." + (10 + i) + ":9100/metrics")));
        }
        pool = BackendPool.create(2, 2, Clock.systemUTC());
        pool.reconfigure(configs);
        selection = Selection.create(pool, Affinity.create(Duration.ofHours(12), Ticker.systemTicker()),
                Scoring.standard(Duration.ofHours(1)), 1.5, Clock.systemUTC());
        users = new String[1024];
        for (int i = 0; i < users.length; i++) {
            users[i] = "user" + i;
            if (i % 3 == 0) {
                selection.sessionStarted("login-" + (i % backends), users[i]).close();
            }
        }
        probe();
    }

    /** What the prober would do every interval: new load, burst counts reset. */
    @Setup(Level.Iteration)
    public void probe() {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        for (PoolMember m : pool.members()) {
            m.sshPassed("SSH-2.0-OpenSSH_9.2");
            m.metricsReceived(new NodeMetrics(random.nextDouble(0, 8), 8, random.nextLong(1, 64) << 30, 64L << 30));
        }
    }

    @Benchmark
    public void pick(Blackhole bh) {
        String user = users[ThreadLocalRandom.current().nextInt(users.length)];
        bh.consume(selection.pick(user, null));
    }

    @Benchmark
    public void pickPinned(Blackhole bh) {
        bh.consume(selection.pick("alice", "login-1"));
    }

    @Benchmark
    public void sessionStartAndEnd() {
        String user = users[ThreadLocalRandom.current().nextInt(users.length)];
        BackendSelector.SessionHandle handle = selection.sessionStarted("login-0", user);
        handle.close();
    }

    public static void main(String[] args) throws RunnerException {
        new Runner(new OptionsBuilder().include(PickBenchmark.class.getName()).addProfiler(GCProfiler.class).build())
                .run();
    }
}
