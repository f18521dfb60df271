package org.jumpgate.jobs;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Ticker;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.jumpgate.common.Durations;

/**
 * The snapshot, kept in a one-entry Caffeine cache that expires it (on the given ticker) three
 * refresh intervals after it was written: expiry is what turns answers into UNAVAILABLE. Fetches
 * run on one executor, one at a time; a forced refresh joins a running one.
 */
final class SnapshotJobDirectory implements JobDirectory {

    private static final Logger LOG = LoggerFactory.getLogger(SnapshotJobDirectory.class);
    private static final String KEY = "cluster";
    private static final int STALE_AFTER_INTERVALS = 3;

    private final JobSource source;
    private final Duration refresh;
    private final Ticker ticker;
    private final Executor fetcher;
    private final ScheduledExecutorService timer;
    private final Cache<String, JobSnapshot> cache;
    private final List<Consumer<JobSnapshot>> listeners = new CopyOnWriteArrayList<>();
    private CompletableFuture<Void> inFlight = CompletableFuture.completedFuture(null);
    private long lastAttemptNanos;
    private CompletableFuture<Void> pendingForced;
    private boolean attempted;
    private boolean started;
    private volatile boolean closed;
    private volatile long lastSuccessNanos;
    private volatile boolean succeeded;
    private volatile String lastError;

    /** @param timer runs the periodic refresh; null for none (tests drive {@link #refresh}) */
    SnapshotJobDirectory(JobSource source, Duration refresh, Ticker ticker, Executor fetcher,
                         ScheduledExecutorService timer) {
        this.source = Objects.requireNonNull(source, "source");
        this.refresh = Objects.requireNonNull(refresh, "refresh");
        this.ticker = Objects.requireNonNull(ticker, "ticker");
        this.fetcher = Objects.requireNonNull(fetcher, "fetcher");
        this.timer = timer;
        this.cache = Caffeine.newBuilder().ticker(ticker).executor(Runnable::run).maximumSize(1)
                .expireAfterWrite(refresh.multipliedBy(STALE_AFTER_INTERVALS)).build();
    }

    static SnapshotJobDirectory withOwnThread(JobSource source, Duration refresh, Ticker ticker) {
        ScheduledThreadPoolExecutor thread = new ScheduledThreadPoolExecutor(1, r -> {
            Thread t = new Thread(r, "jumpgate-jobs");
            t.setDaemon(true);
            return t;
        });
        thread.setRemoveOnCancelPolicy(true);
        return new SnapshotJobDirectory(source, refresh, ticker, thread, thread);
    }

    @Override
    public CompletableFuture<Lookup> runningJobOn(String user, String node) {
        Lookup now = current(user, node);
        if (now.allowed()) {
            return CompletableFuture.completedFuture(now);
        }
        return refresh(true).handle((ignored, error) -> current(user, node));
    }

    @Override
    public Lookup current(String user, String node) {
        JobSnapshot snapshot = fresh();
        if (snapshot == null) {
            return Lookup.unavailable(user, node, cause());
        }
        return snapshot.jobOn(user, node).map(id -> Lookup.allowed(user, node, id))
                .orElseGet(() -> Lookup.noJob(user, node));
    }

    @Override
    public Lookup stillRunning(String user, String node, String jobId) {
        JobSnapshot snapshot = fresh();
        if (snapshot == null) {
            return Lookup.unavailable(user, node, cause());
        }
        return snapshot.isRunning(user, node, jobId) ? Lookup.allowed(user, node, jobId) : Lookup.noJob(user, node);
    }

    @Override
    public Optional<JobSnapshot> snapshot() {
        return Optional.ofNullable(fresh());
    }

    @Override
    public Health health() {
        JobSnapshot snapshot = fresh();
        Optional<Duration> age = succeeded ? Optional.of(Duration.ofNanos(ticker.read() - lastSuccessNanos))
                : Optional.empty();
        return new Health(snapshot != null, age, snapshot == null ? 0 : snapshot.jobs().size(),
                Optional.ofNullable(lastError));
    }

    @Override
    public Subscription subscribe(Consumer<JobSnapshot> listener) {
        Objects.requireNonNull(listener, "listener");
        listeners.add(listener);
        return () -> listeners.remove(listener);
    }

    @Override
    public synchronized JobDirectory start() {
        if (!started && !closed && timer != null) {
            timer.scheduleWithFixedDelay(() -> refresh(false), 0, refresh.toMillis(), TimeUnit.MILLISECONDS);
        }
        started = true;
        return this;
    }

    @Override
    public void close() {
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
        }
        if (timer != null) {
            timer.shutdownNow();
        }
        cache.invalidateAll();
        listeners.clear();
    }

    /**
     * Starts a fetch unless one is running (then returns it) or, when {@code forced}, unless the
     * last attempt was less than {@link #MIN_FORCED_REFRESH_INTERVAL} ago. Completes normally.
     */
    CompletableFuture<Void> refresh(boolean forced) {
        CompletableFuture<Void> mine;
        synchronized (this) {
            if (closed || !inFlight.isDone()) {
                return inFlight;
            }
            long now = ticker.read();
            long since = now - lastAttemptNanos;
            if (forced && attempted && since < MIN_FORCED_REFRESH_INTERVAL.toNanos()) {
                // The last call may have been made just before the user's job started: wait for the
                // next allowed slot rather than answer from it. All denials until then share that call.
                return delayedForcedRefresh(MIN_FORCED_REFRESH_INTERVAL.toNanos() - since);
            }
            attempted = true;
            lastAttemptNanos = now;
            mine = new CompletableFuture<>();
            inFlight = mine;
        }
        try {
            fetcher.execute(() -> fetch(mine));
        } catch (RejectedExecutionException e) {
            failed("job directory is closed");
            mine.complete(null);
        }
        return mine;
    }

    /** A forced refresh once the rate limit allows, shared by every caller until it runs. */
    private CompletableFuture<Void> delayedForcedRefresh(long delayNanos) {
        if (timer == null) {
            return inFlight; // driven by hand (tests): no clock to wait on
        }
        if (pendingForced == null) {
            CompletableFuture<Void> p = new CompletableFuture<>();
            pendingForced = p;
            try {
                timer.schedule(() -> {
                    synchronized (this) {
                        pendingForced = null;
                    }
                    refresh(true).whenComplete((v, e) -> p.complete(null));
                }, delayNanos, TimeUnit.NANOSECONDS);
            } catch (RejectedExecutionException e) {
                pendingForced = null;
                p.complete(null);
            }
        }
        return pendingForced;
    }

    private void fetch(CompletableFuture<Void> done) {
        try {
            JobSnapshot snapshot = JobSnapshot.of(source.fetch());
            cache.put(KEY, snapshot);
            lastSuccessNanos = ticker.read();
            succeeded = true;
            if (lastError != null) {
                LOG.info("job data available again: {}", snapshot);
            }
            lastError = null;
            for (Consumer<JobSnapshot> listener : listeners) {
                notify(listener, snapshot);
            }
        } catch (SchedulerUnavailableException e) {
            failed(e.getMessage());
        } catch (RuntimeException e) {
            LOG.warn("job source failed unexpectedly", e);
            failed("job source failed: " + e);
        } finally {
            done.complete(null);
        }
    }

    private void failed(String cause) {
        if (!cause.equals(lastError)) {
            LOG.warn("cannot refresh running jobs: {}", cause);
        } else {
            LOG.debug("cannot refresh running jobs: {}", cause);
        }
        lastError = cause;
    }

    private static void notify(Consumer<JobSnapshot> listener, JobSnapshot snapshot) {
        try {
            listener.accept(snapshot);
        } catch (RuntimeException e) {
            LOG.warn("job snapshot listener failed", e);
        }
    }

    private JobSnapshot fresh() {
        return closed ? null : cache.getIfPresent(KEY);
    }

    private String cause() {
        if (closed) {
            return "job directory is closed";
        }
        String error = lastError;
        if (error != null) {
            return error;
        }
        return !succeeded ? "no job data yet"
                : "job data is older than " + Durations.show(refresh.multipliedBy(STALE_AFTER_INTERVALS));
    }
}
