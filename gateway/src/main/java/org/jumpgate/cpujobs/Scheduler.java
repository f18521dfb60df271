package org.jumpgate.cpujobs;

import java.time.Duration;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/** Runs a task later; tests pass one they move by hand. */
public interface Scheduler {

    /** Runs {@code task} once after {@code delay}; the returned handle cancels it. */
    Cancellable after(Duration delay, Runnable task);

    /** A scheduled task. */
    interface Cancellable {
        /** Stops the task if it has not run yet; again does nothing. */
        void cancel();
    }

    /** Tasks on {@code executor} (its thread hands blocking work on; it never blocks itself). */
    static Scheduler of(ScheduledExecutorService executor) {
        return (delay, task) -> {
            try {
                ScheduledFuture<?> f = executor.schedule(task, delay.toMillis(), TimeUnit.MILLISECONDS);
                return () -> f.cancel(false);
            } catch (RejectedExecutionException e) {
                return () -> { }; // shutting down: nothing runs later
            }
        };
    }
}
