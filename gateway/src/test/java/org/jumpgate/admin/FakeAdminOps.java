package org.jumpgate.admin;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Supplier;
import org.jumpgate.balancer.BackendState;
import org.jumpgate.balancer.BackendStatus;

/** An in-memory gateway for admin API tests: records what it was asked to do. */
final class FakeAdminOps implements AdminOps {

    static final Instant CHECKED = Instant.parse("2026-11-02T10:15:30Z");

    final Map<String, BackendStatus> backends = new ConcurrentHashMap<>();
    final Map<String, SessionInfo> sessions = new ConcurrentHashMap<>();
    final List<String> calls = new CopyOnWriteArrayList<>();
    volatile boolean ready = true;
    volatile ReloadResult nextReload = new ReloadResult(true, List.of());
    /** Runs before {@link #backends()} answers: a test can make it block or throw. */
    volatile Runnable beforeBackends = () -> { };

    FakeAdminOps() {
        put(new BackendStatus("login-1", "10.0.0.11:22", 1, BackendState.UP, "ssh ok", false, 0.25, 0.5, 8, 3, 0,
                0.4, CHECKED));
        put(new BackendStatus("login-2", "10.0.0.12:22", 2, BackendState.DOWN, "connection refused", false, null,
                null, null, 0, 0, null, null));
        sessions.put("s-1", new SessionInfo("s-1", "alice", "192.0.2.7:50022", "login-1", "2026-11-02T10:00:00Z", 2));
        sessions.put("s-2", new SessionInfo("s-2", null, "192.0.2.8:40000", null, "2026-11-02T10:01:00Z", 0));
    }

    private void put(BackendStatus b) {
        backends.put(b.name(), b);
    }

    @Override
    public List<BackendStatus> backends() {
        beforeBackends.run();
        List<BackendStatus> all = new ArrayList<>(backends.values());
        all.sort((a, b) -> a.name().compareTo(b.name()));
        return all;
    }

    @Override
    public boolean drain(String name) {
        calls.add("drain " + name);
        return setDrained(name, true);
    }

    @Override
    public boolean undrain(String name) {
        calls.add("undrain " + name);
        return setDrained(name, false);
    }

    private boolean setDrained(String name, boolean drained) {
        BackendStatus b = backends.get(name);
        if (b == null) {
            return false;
        }
        BackendState state = drained ? BackendState.DRAIN : BackendState.UP;
        put(new BackendStatus(b.name(), b.address(), b.weight(), state, drained ? "drained by an operator" : "ssh ok",
                drained, b.loadPerCpu(), b.memoryUsed(), b.cpus(), b.sessions(), b.assigned(), b.score(),
                b.checkedAt()));
        return true;
    }

    @Override
    public List<SessionInfo> sessions() {
        List<SessionInfo> all = new ArrayList<>(sessions.values());
        all.sort((a, b) -> a.id().compareTo(b.id()));
        return all;
    }

    @Override
    public ClusterInfo cluster() {
        return new ClusterInfo(false, false, null, "gw-test", List.of("gw-test"));
    }

    @Override
    public boolean forget(String user) {
        return forgotten.add(user);
    }

    /** Users whose second factor was forgotten, in order. */
    final java.util.List<String> forgotten = new java.util.concurrent.CopyOnWriteArrayList<>();

    @Override
    public boolean kill(String id, String reason) {
        calls.add("kill " + id + (reason != null ? " (" + reason + ")" : ""));
        return sessions.remove(id) != null;
    }

    @Override
    public ReloadResult reload() {
        calls.add("reload");
        return nextReload;
    }

    @Override
    public boolean ready() {
        return ready;
    }

    /** Makes {@link #backends()} fail like a broken gateway would. */
    void failBackendsWith(Supplier<RuntimeException> failure) {
        beforeBackends = () -> {
            throw failure.get();
        };
    }
}
