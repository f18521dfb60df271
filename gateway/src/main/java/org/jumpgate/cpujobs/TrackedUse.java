package org.jumpgate.cpujobs;

import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

/** {@link CpuJobs.Use} of {@link TrackedCpuJobs}: released once, told of its job's end once. */
final class TrackedUse implements CpuJobs.Use {

    private final CpuJob job;
    private final Consumer<TrackedUse> release;
    private final AtomicBoolean closed = new AtomicBoolean();
    private final AtomicBoolean ended = new AtomicBoolean();
    private final CopyOnWriteArrayList<Consumer<String>> listeners = new CopyOnWriteArrayList<>();

    TrackedUse(CpuJob job, Consumer<TrackedUse> release) {
        this.job = job;
        this.release = release;
    }

    @Override
    public CpuJob job() {
        return job;
    }

    @Override
    public void onEnded(Consumer<String> listener) {
        listeners.add(listener);
    }

    void ended(String line) {
        if (ended.compareAndSet(false, true) && !closed.get()) {
            listeners.forEach(l -> l.accept(line));
        }
    }

    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            release.accept(this);
        }
    }
}
