package org.jumpgate.balancer.probe;

import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.util.concurrent.DefaultThreadFactory;
import io.netty.util.concurrent.Future;
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
import org.jumpgate.balancer.pool.BackendPool;
import org.jumpgate.balancer.pool.PoolMember;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The schedule of every member lives on the one event loop thread; nothing here is shared. */
final class NettyProber implements Prober {

    private static final Logger LOG = LoggerFactory.getLogger(NettyProber.class);

    private final BackendPool pool;
    private final long intervalMillis;
    private final EventLoopGroup group;
    private final EventLoop loop;
    private final ThreadPoolExecutor resolver;
    private final ProbeClient client;
    private final Map<PoolMember, Schedule> schedules = new IdentityHashMap<>();
    private final AtomicBoolean started = new AtomicBoolean();
    private final AtomicBoolean closed = new AtomicBoolean();

    NettyProber(BackendPool pool, Duration interval, Duration timeout) {
        this.pool = pool;
        this.intervalMillis = interval.toMillis();
        this.group = new MultiThreadIoEventLoopGroup(1, new DefaultThreadFactory("jumpgate-prober", true),
                NioIoHandler.newFactory());
        this.loop = group.next();
        this.resolver = new ThreadPoolExecutor(ProbeLimits.MAX_RESOLVER_THREADS, ProbeLimits.MAX_RESOLVER_THREADS,
                30, TimeUnit.SECONDS, new LinkedBlockingQueue<>(), new DefaultThreadFactory("jumpgate-resolver", true));
        this.resolver.allowCoreThreadTimeOut(true);
        this.client = new ProbeClient(loop, resolver, timeout);
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

    /** Runs {@code finished}, then {@code passed} or {@code failed}, on the loop when {@code probe} completes. */
    private static <T> void whenDone(Future<T> probe, Consumer<T> passed, Consumer<String> failed, Runnable finished) {
        probe.addListener(f -> {
            finished.run();
            if (probe.isSuccess()) {
                passed.accept(probe.getNow());
            } else {
                failed.accept(ProbeFailure.reasonOf(probe.cause()));
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

        void tick() {
            if (!sshRunning) {
                sshRunning = true;
                whenDone(client.ssh(member.backend().host(), member.backend().port()), member::sshPassed, reason -> {
                    LOG.debug("SSH probe of {} failed: {}", member.name(), reason);
                    member.sshFailed(reason);
                }, () -> sshRunning = false);
            }
            ProbeConfig probe = member.probe();
            if (loadRunning || !probe.hasMetrics() && !probe.hasAgent()) {
                return;
            }
            loadRunning = true;
            if (probe.hasMetrics()) {
                whenDone(client.metrics(probe.metrics()), member::metricsReceived, member::loadFailed,
                        () -> loadRunning = false);
            } else {
                whenDone(client.agent(probe.agentHost(), probe.agentPort()), member::agentReplied, member::loadFailed,
                        () -> loadRunning = false);
            }
        }
    }
}
