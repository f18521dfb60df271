package org.jumpgate.balancer.probe;

import com.github.benmanes.caffeine.cache.Ticker;
import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.util.concurrent.DefaultThreadFactory;
import io.netty.util.concurrent.Future;
import java.time.Clock;
import java.time.Duration;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import org.jumpgate.balancer.ProbeConfig;
import org.jumpgate.balancer.ProbeObserver;
import org.jumpgate.balancer.pool.BackendPool;
import org.jumpgate.balancer.pool.PoolMember;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The schedule of every member lives on the one event loop thread; nothing here is shared. */
final class NettyProber implements Prober {

    private static final Logger LOG = LoggerFactory.getLogger(NettyProber.class);
    private static final String SSH = "SSH";
    private static final String LOAD = "load";

    private final BackendPool pool;
    private final long intervalMillis;
    private final EventLoopGroup group;
    private final EventLoop loop;
    private final ThreadPoolExecutor resolver;
    private final ProbeClient client;
    private final ProbeLog probeLog;
    private final Ticker ticker;
    private final ProbeObserver observer;
    private final Map<PoolMember, Schedule> schedules = new IdentityHashMap<>();
    private final AtomicBoolean started = new AtomicBoolean();
    private final AtomicBoolean closed = new AtomicBoolean();

    NettyProber(BackendPool pool, Duration interval, Duration timeout, Clock clock, Ticker ticker,
                ProbeObserver observer) {
        this.pool = pool;
        this.ticker = ticker;
        this.observer = observer;
        this.intervalMillis = interval.toMillis();
        this.group = new MultiThreadIoEventLoopGroup(1, new DefaultThreadFactory("jumpgate-prober", true),
                NioIoHandler.newFactory());
        this.loop = group.next();
        this.resolver = new ThreadPoolExecutor(ProbeLimits.MAX_RESOLVER_THREADS, ProbeLimits.MAX_RESOLVER_THREADS,
                30, TimeUnit.SECONDS, new LinkedBlockingQueue<>(), new DefaultThreadFactory("jumpgate-resolver", true));
        this.resolver.allowCoreThreadTimeOut(true);
        this.client = new ProbeClient(loop, resolver, timeout);
        this.probeLog = new ProbeLog(LOG, clock);
    }

    @Override
    public void start() {
        if (closed.get()) {
            throw new IllegalStateException("prober is closed");
        }
        if (started.compareAndSet(false, true)) {
            loop.execute(this::sync);
        }
    }

    @Override
    public void membersChanged() {
        if (started.get() && !closed.get()) {
            loop.execute(this::sync);
        }
    }

    private void sync() {
        List<PoolMember> members = pool.members();
        schedules.entrySet().removeIf(e -> {
            if (members.stream().noneMatch(m -> m == e.getKey())) {
                e.getValue().tick.cancel(false);
                probeLog.forget(e.getKey().name());
                return true;
            }
            return false;
        });
        int n = members.size();
        for (int i = 0; i < n; i++) {
            PoolMember member = members.get(i);
            if (!schedules.containsKey(member)) {
                Schedule schedule = new Schedule(member);
                long stagger = intervalMillis * i / Math.max(1, n);
                schedule.tick = loop.scheduleAtFixedRate(schedule::tick, stagger, intervalMillis, TimeUnit.MILLISECONDS);
                schedules.put(member, schedule);
            }
        }
    }

    /**
     * Runs {@code finished}, then {@code passed} or {@code failed}, on the loop when {@code probe}
     * completes; what they throw is a failure too (never left to Netty, which would log it each time).
     * Then tells the observer how long {@code kind} of {@code backend} took.
     */
    private <T> void whenDone(String backend, ProbeObserver.Probe kind, Future<T> probe, Consumer<T> passed,
                              Consumer<Throwable> failed, Runnable finished) {
        long start = ticker.read();
        probe.addListener(f -> {
            finished.run();
            boolean ok = probe.isSuccess();
            try {
                if (ok) {
                    passed.accept(probe.getNow());
                } else {
                    failed.accept(probe.cause());
                }
            } catch (RuntimeException e) {
                ok = false;
                failed.accept(e);
            }
            try {
                observer.probed(backend, kind, ok, Duration.ofNanos(ticker.read() - start));
            } catch (RuntimeException e) {
                LOG.debug("probe observer failed: {}", e.toString());
            }
        });
    }

    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        resolver.shutdownNow();
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).awaitUninterruptibly(5, TimeUnit.SECONDS);
    }

    /** One member's probes; touched only on the loop. */
    private final class Schedule {
        private final PoolMember member;
        private Future<?> tick;
        private boolean sshRunning;
        private boolean loadRunning;

        Schedule(PoolMember member) {
            this.member = member;
        }

        /** One period's probes. Never throws: a periodic task that throws is never run again. */
        void tick() {
            String name = member.name();
            if (!sshRunning) {
                sshRunning = true;
                try {
                    whenDone(name, ProbeObserver.Probe.SSH, client.ssh(member.backend().host(),
                            member.backend().port()), id -> {
                        probeLog.passed(name, SSH);
                        member.sshPassed(id);
                    }, cause -> {
                        probeLog.failed(name, SSH, cause);
                        member.sshFailed(ProbeFailure.reasonOf(cause));
                    }, () -> sshRunning = false);
                } catch (RuntimeException e) {
                    sshRunning = false;
                    probeLog.failed(name, SSH, e);
                }
            }
            ProbeConfig probe = member.probe();
            if (loadRunning || !probe.hasMetrics() && !probe.hasAgent()) {
                return;
            }
            loadRunning = true;
            Consumer<Throwable> loadFailed = cause -> {
                probeLog.failed(name, LOAD, cause);
                member.loadFailed(ProbeFailure.reasonOf(cause));
            };
            try {
                if (probe.hasMetrics()) {
                    whenDone(name, ProbeObserver.Probe.LOAD, client.metrics(probe.metrics()), m -> {
                        probeLog.passed(name, LOAD);
                        member.metricsReceived(m);
                    }, loadFailed, () -> loadRunning = false);
                } else {
                    whenDone(name, ProbeObserver.Probe.LOAD, client.agent(probe.agentHost(), probe.agentPort()), a -> {
                        probeLog.passed(name, LOAD);
                        member.agentReplied(a);
                    }, loadFailed, () -> loadRunning = false);
                }
            } catch (RuntimeException e) {
                loadRunning = false;
                probeLog.failed(name, LOAD, e);
            }
        }
    }
}
