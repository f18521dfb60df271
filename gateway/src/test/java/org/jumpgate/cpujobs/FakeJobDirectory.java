package org.jumpgate.cpujobs;

import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.jumpgate.jobs.JobDirectory;
import org.jumpgate.jobs.JobSnapshot;
import org.jumpgate.jobs.Lookup;

/** A job directory the test fills ("user/node/job" running) and refreshes by hand ({@link #refresh()}). */
final class FakeJobDirectory implements JobDirectory {

    final Set<String> running = ConcurrentHashMap.newKeySet();
    private final CopyOnWriteArrayList<Consumer<JobSnapshot>> listeners = new CopyOnWriteArrayList<>();

    void refresh() {
        listeners.forEach(l -> l.accept(null));
    }

    @Override
    public Lookup stillRunning(String user, String node, String jobId) {
        return running.contains(user + "/" + node + "/" + jobId) ? Lookup.allowed(user, node, jobId)
                : Lookup.noJob(user, node);
    }

    @Override
    public Subscription subscribe(Consumer<JobSnapshot> listener) {
        listeners.add(listener);
        return () -> listeners.remove(listener);
    }

    @Override
    public CompletableFuture<Lookup> runningJobOn(String user, String node) {
        return CompletableFuture.completedFuture(current(user, node));
    }

    @Override
    public Lookup current(String user, String node) {
        return running.stream().anyMatch(r -> r.startsWith(user + "/" + node + "/"))
                ? Lookup.allowed(user, node, "any") : Lookup.noJob(user, node);
    }

    @Override
    public Optional<JobSnapshot> snapshot() {
        return Optional.empty();
    }

    @Override
    public Health health() {
        return new Health(true, Optional.empty(), running.size(), Optional.empty());
    }

    @Override
    public JobDirectory start() {
        return this;
    }

    @Override
    public void close() {
        listeners.clear();
    }
}
