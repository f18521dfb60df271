package org.jumpgate.loadgen.report;

import java.io.PrintStream;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;
import org.jumpgate.loadgen.run.LoadPlan;
import org.jumpgate.loadgen.run.LoadResult;
import org.jumpgate.loadgen.run.LoadRun;
import org.jumpgate.loadgen.run.Progress;

/**
 * A progress bar on the terminal while a run goes: operations out of the count limit, or
 * seconds out of the duration; errors and active sessions alongside. Only on a terminal.
 */
public final class ProgressView {

    static final Duration REFRESH = Duration.ofMillis(500);

    private ProgressView() {
    }

    /** Shows {@code run}'s progress on {@code out} until it ends; returns its result. */
    public static LoadResult follow(LoadRun run, PrintStream out) throws InterruptedException {
        LoadPlan plan = run.plan();
        boolean byCount = plan.counted();
        long max = byCount ? plan.maxCount() : plan.duration().toSeconds();
        CompletableFuture<LoadResult> result = run.result();
        try (ProgressBar bar = new ProgressBarBuilder().setTaskName(plan.scenario().label())
                .setInitialMax(max).setStyle(ProgressBarStyle.ASCII).setUnit(byCount ? " ops" : " s", 1)
                .setUpdateIntervalMillis((int) REFRESH.toMillis()).setConsumer(new ConsoleProgressBarConsumer(out))
                .build()) {
            while (true) {
                Progress p = run.progress();
                bar.stepTo(Math.min(max, byCount ? p.completed() + p.errors() : p.elapsed().toSeconds()));
                bar.setExtraMessage(String.format(Locale.ROOT, "ok %d err %d active %d", p.completed(), p.errors(),
                        p.active()));
                try {
                    return result.get(REFRESH.toMillis(), TimeUnit.MILLISECONDS);
                } catch (TimeoutException e) {
                    // still running
                } catch (ExecutionException e) {
                    throw new IllegalStateException("load run failed: " + e.getCause(), e.getCause());
                }
            }
        }
    }
}
