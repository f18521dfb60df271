package org.jumpgate.loadgen.run;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.sshd.client.SshClient;
import org.apache.sshd.client.auth.keyboard.UserAuthKeyboardInteractiveFactory;
import org.apache.sshd.client.auth.pubkey.UserAuthPublicKeyFactory;
import org.apache.sshd.client.config.hosts.HostConfigEntryResolver;
import org.apache.sshd.common.keyprovider.KeyIdentityProvider;
import org.jumpgate.transport.Transport;

/**
 * A running load test. {@link #start} checks the target against the {@link TargetPolicy}, starts
 * one MINA {@link SshClient} (NIO2, the gateway's own algorithm offer) and a timer thread that
 * paces starts, enforces the limits and samples the metrics every second; everything else happens
 * asynchronously on MINA's I/O threads, so a held session costs no thread.
 *
 * <p>The run's {@link Clock} gives the wall time shown in reports and the time one-time-code steps
 * are judged by ({@link UserPool}); latencies use {@link System#nanoTime()}.
 */
public final class LoadRun implements AutoCloseable {

    /** How often the pacer looks at the run. */
    static final Duration TICK = Duration.ofMillis(10);
    static final Duration SAMPLE = Duration.ofSeconds(1);
    /** How long closing the client may take once the run is over. */
    static final Duration CLIENT_CLOSE = Duration.ofSeconds(5);

    private final LoadPlan plan;
    private final Target target;
    private final int userCount;
    private final SshClient client;
    private final ScheduledThreadPoolExecutor timer;
    private final Metrics metrics = new Metrics();
    private final RunContext ctx;
    private final UserPool users;
    private final Pacer pacer;
    private final boolean hostKeysVerified;
    private final Set<Worker> workers = ConcurrentHashMap.newKeySet();
    private final AtomicInteger active = new AtomicInteger();
    private final AtomicBoolean tickQueued = new AtomicBoolean();
    private final CompletableFuture<LoadResult> result = new CompletableFuture<>();
    private final Instant startedAt;
    private final long startNanos;
    private volatile StopReason stopReason;
    private volatile boolean finished;
    private long sampledSeconds;
    private ScheduledFuture<?> ticker;
    private ScheduledFuture<?> sampler;

    private LoadRun(LoadPlan plan, Target target, Users users, Clock clock, InetSocketAddress address) {
        this.plan = plan;
        this.target = target;
        this.userCount = users.size();
        this.users = new UserPool(users, clock, plan.totpWait());
        this.pacer = new Pacer(plan.concurrency(), plan.ramp(), plan.rate());
        this.client = SshClient.setUpDefaultClient();
        Transport.apply(client);
        if (!plan.kex().isEmpty()) {
            Transport.offerKeyExchange(client, plan.kex());
        }
        client.setHostConfigEntryResolver(HostConfigEntryResolver.EMPTY);
        client.setKeyIdentityProvider(KeyIdentityProvider.EMPTY_KEYS_PROVIDER);
        client.setUserAuthFactories(List.of(UserAuthPublicKeyFactory.INSTANCE,
                UserAuthKeyboardInteractiveFactory.INSTANCE));
        HostKeyCheck check = new HostKeyCheck(target.knownHosts(), metrics);
        this.hostKeysVerified = check.verifying();
        client.setServerKeyVerifier(check);
        this.timer = new ScheduledThreadPoolExecutor(1, r -> {
            Thread t = new Thread(r, "jumpgate-load-timer");
            t.setDaemon(true);
            return t;
        });
        timer.setRemoveOnCancelPolicy(true);
        this.ctx = new RunContext(plan, client, address, metrics, this.users, timer, this::poke);
        this.startedAt = clock.instant();
        this.startNanos = System.nanoTime();
    }

    /**
     * Starts a run. Throws {@link TargetRefusedException} for a target load may not go to (not
     * loopback, not in {@link Target#allowed()}), before any connection is made.
     */
    public static LoadRun start(LoadPlan plan, Target target, Users users, Clock clock)
            throws TargetRefusedException {
        InetAddress a = TargetPolicy.resolve(target.address().host(), target.allowed());
        LoadRun run = new LoadRun(plan, target, users, clock, new InetSocketAddress(a, target.address().port()));
        run.client.start();
        run.ticker = run.timer.scheduleAtFixedRate(run::tick, 0, TICK.toNanos(), TimeUnit.NANOSECONDS);
        run.sampler = run.timer.scheduleAtFixedRate(run::sample, SAMPLE.toNanos(), SAMPLE.toNanos(),
                TimeUnit.NANOSECONDS);
        return run;
    }

    /** Starts a run and waits for its result. */
    public static LoadResult run(LoadPlan plan, Target target, Users users, Clock clock)
            throws TargetRefusedException, InterruptedException {
        try (LoadRun run = start(plan, target, users, clock)) {
            return run.awaitResult();
        }
    }

    /** Waits for the end of the run (bounded by the plan's hard limit). */
    public LoadResult awaitResult() throws InterruptedException {
        try {
            return result.get();
        } catch (ExecutionException e) {
            throw new IllegalStateException("load run failed: " + e.getCause(), e.getCause());
        }
    }

    public CompletableFuture<LoadResult> result() {
        return result.copy();
    }

    public Progress progress() {
        return new Progress(metrics.completed.sum(), metrics.errorCount(), active.get(), elapsed(), finished);
    }

    public LoadPlan plan() {
        return plan;
    }

    /** Stops starting work; held sessions close; the result follows. */
    public void stop() {
        execute(() -> beginStop(StopReason.STOPPED));
    }

    /** Ends the run now if it is still going (aborting what runs) and releases everything. */
    @Override
    public void close() {
        if (!finished) {
            execute(this::abort);
            try {
                result.get(CLIENT_CLOSE.toMillis() * 2, TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (ExecutionException | TimeoutException e) {
                // closing anyway
            }
        }
        client.close(true);
        timer.shutdownNow();
    }

    private Duration elapsed() {
        return Duration.ofNanos(System.nanoTime() - startNanos);
    }

    private void execute(Runnable r) {
        try {
            timer.execute(r);
        } catch (RejectedExecutionException e) {
            // the run is over
        }
    }

    /** Something changed: look at the run again soon, on the timer thread. */
    private void poke() {
        if (!finished && tickQueued.compareAndSet(false, true)) {
            execute(() -> {
                tickQueued.set(false);
                tick();
            });
        }
    }

    private void tick() {
        if (finished) {
            return;
        }
        long el = System.nanoTime() - startNanos;
        if (el >= plan.hardLimit().toNanos()) {
            abort();
            return;
        }
        if (stopReason == null && el >= plan.duration().toNanos()) {
            beginStop(StopReason.DURATION);
        }
        if (stopReason == null && ctx.budgetExhausted() && ctx.outstanding.get() == 0
                && (plan.scenario() != Scenario.LOGIN || active.get() == 0)) {
            beginStop(StopReason.COUNT);
        }
        if (stopReason != null) {
            if (active.get() == 0) {
                finish(stopReason);
            }
            return;
        }
        int n = pacer.permits(el, active.get());
        for (int i = 0; i < n; i++) {
            if (plan.scenario() == Scenario.LOGIN && !ctx.tryTakeOp()) {
                break;
            }
            LoadUser u = users.lease();
            if (u == null) {
                if (plan.scenario() == Scenario.LOGIN) {
                    ctx.returnOp();
                }
                break;
            }
            Worker w = worker(u);
            workers.add(w);
            active.incrementAndGet();
            pacer.started(1);
            w.start();
        }
    }

    private Worker worker(LoadUser u) {
        return switch (plan.scenario()) {
            case LOGIN -> new LoginWorker(ctx, u, this::ended);
            case INTERACTIVE -> new InteractiveWorker(ctx, u, this::ended);
            case JUMP -> new JumpWorker(ctx, u, this::ended);
            case BULK -> new BulkWorker(ctx, u, this::ended);
        };
    }

    private void ended(Worker w) {
        if (workers.remove(w)) {
            active.decrementAndGet();
        }
        poke();
    }

    private void beginStop(StopReason reason) {
        if (stopReason != null || finished) {
            return;
        }
        stopReason = reason;
        ctx.stopping = true;
        for (Worker w : List.copyOf(workers)) {
            w.stop();
        }
        poke();
    }

    private void abort() {
        if (finished) {
            return;
        }
        ctx.stopping = true;
        for (Worker w : List.copyOf(workers)) {
            w.abort();
        }
        finish(stopReason == StopReason.STOPPED ? StopReason.STOPPED : StopReason.HARD_LIMIT);
    }

    private void sample() {
        long second = sampledSeconds++;
        metrics.sample(second);
    }

    private void finish(StopReason reason) {
        if (finished) {
            return;
        }
        finished = true;
        Duration elapsed = elapsed();
        if (ticker != null) {
            ticker.cancel(false);
        }
        if (sampler != null) {
            sampler.cancel(false);
        }
        sample();
        try {
            client.close(true).await(CLIENT_CLOSE);
        } catch (java.io.IOException e) {
            // closing anyway: every session was already closed or aborted
        }
        timer.shutdown();
        result.complete(new LoadResult(plan, target.address().toString(), userCount, startedAt, elapsed, reason,
                metrics.completed.sum(), metrics.errors(), metrics.examples(), metrics.summaries(),
                metrics.distributions(), metrics.timeline(), metrics.bytesSent.sum(), metrics.bytesReceived.sum(),
                metrics.sessionsOpened.sum(), metrics.connected.get(), metrics.fingerprints(), hostKeysVerified));
    }
}
