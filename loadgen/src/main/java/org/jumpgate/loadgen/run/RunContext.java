package org.jumpgate.loadgen.run;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.sshd.client.SshClient;

/** What every worker of a run shares. */
final class RunContext {

    final LoadPlan plan;
    final SshClient client;
    final InetSocketAddress address;
    final Metrics metrics;
    final UserPool users;
    private final ScheduledExecutorService timer;
    private final Runnable onChange;
    /** Operations still to start; {@link Long#MAX_VALUE} when the plan has no count limit. */
    private final AtomicLong budget;
    /** Operations started and not yet finished. */
    final AtomicInteger outstanding = new AtomicInteger();
    volatile boolean stopping;

    RunContext(LoadPlan plan, SshClient client, InetSocketAddress address, Metrics metrics, UserPool users,
               ScheduledExecutorService timer, Runnable onChange) {
        this.plan = plan;
        this.client = client;
        this.address = address;
        this.metrics = metrics;
        this.users = users;
        this.timer = timer;
        this.onChange = onChange;
        this.budget = new AtomicLong(plan.counted() ? plan.maxCount() : Long.MAX_VALUE);
    }

    /** Takes one operation from the budget; false when the run is stopping or the count is reached. */
    boolean tryTakeOp() {
        if (stopping) {
            return false;
        }
        if (budget.getAndUpdate(b -> b > 0 ? b - 1 : 0) > 0) {
            return true;
        }
        onChange.run();
        return false;
    }

    void returnOp() {
        budget.incrementAndGet();
    }

    boolean budgetExhausted() {
        return budget.get() <= 0;
    }

    /** Runs {@code task} on the run's timer after {@code delay}; null once the run is over. */
    ScheduledFuture<?> schedule(Runnable task, Duration delay) {
        try {
            return timer.schedule(task, delay.toNanos(), TimeUnit.NANOSECONDS);
        } catch (RejectedExecutionException e) {
            return null;
        }
    }

    /** Something changed that may end the run or allow a start: re-evaluate soon. */
    void changed() {
        onChange.run();
    }
}
