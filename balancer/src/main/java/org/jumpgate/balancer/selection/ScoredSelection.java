package org.jumpgate.balancer.selection;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jumpgate.balancer.Backend;
import org.jumpgate.balancer.BackendState;
import org.jumpgate.balancer.affinity.Affinity;
import org.jumpgate.balancer.pool.BackendPool;
import org.jumpgate.balancer.pool.MemberView;
import org.jumpgate.balancer.pool.PoolMember;

/** Scores every member under one lock, so that each pick sees the assignments of the previous. */
final class ScoredSelection implements Selection {

    private final BackendPool pool;
    private final Affinity affinity;
    private final Scoring scoring;
    private final double overloadThreshold;
    private final Clock clock;

    ScoredSelection(BackendPool pool, Affinity affinity, Scoring scoring, double overloadThreshold, Clock clock) {
        this.pool = pool;
        this.affinity = affinity;
        this.scoring = scoring;
        this.overloadThreshold = overloadThreshold;
        this.clock = clock;
    }

    @Override
    public List<Backend> pick(String user, String pin) {
        if (pin != null) {
            return pinned(pin);
        }
        Optional<String> preferred = affinity.nodeOf(user);
        synchronized (this) {
            Instant now = clock.instant();
            List<PoolMember> members = pool.members();
            List<Scored> up = new ArrayList<>(members.size());
            List<Scored> down = new ArrayList<>();
            for (int i = 0; i < members.size(); i++) {
                PoolMember member = members.get(i);
                MemberView view = member.view();
                if (view.takesBalanced()) {
                    up.add(new Scored(member, view, scoring.score(view, now), i));
                } else if (view.state() == BackendState.DOWN && view.effectiveWeight() > 0) {
                    down.add(new Scored(member, view, scoring.score(view, now), i));
                }
            }
            List<Scored> ordered = up.isEmpty() ? down : up;
            ordered.sort(Comparator.comparingDouble(Scored::score).thenComparingInt(Scored::index));
            if (preferred.isPresent() && !up.isEmpty()) {
                preferAffinity(ordered, preferred.get(), now);
            }
            if (ordered.isEmpty()) {
                return List.of();
            }
            ordered.get(0).member().assigned();
            List<Backend> result = new ArrayList<>(ordered.size());
            for (Scored s : ordered) {
                result.add(s.view().backend());
            }
            return List.copyOf(result);
        }
    }

    private void preferAffinity(List<Scored> ordered, String node, Instant now) {
        for (int i = 0; i < ordered.size(); i++) {
            Scored s = ordered.get(i);
            if (s.view().name().equals(node)) {
                if (i > 0 && scoring.loadPerCpu(s.view(), now) <= overloadThreshold) {
                    ordered.add(0, ordered.remove(i));
                }
                return;
            }
        }
    }

    private List<Backend> pinned(String pin) {
        Optional<PoolMember> member = pool.member(pin);
        if (member.isEmpty()) {
            return List.of();
        }
        MemberView view = member.get().view();
        if (!view.state().acceptsPinned()) {
            return List.of();
        }
        member.get().assigned();
        return List.of(view.backend());
    }

    @Override
    public SessionHandle sessionStarted(String backend, String user) {
        Optional<PoolMember> member = pool.member(backend);
        if (member.isEmpty()) {
            return () -> { };
        }
        SessionHandle counted = member.get().sessionStarted();
        affinity.remember(user, backend);
        AtomicBoolean open = new AtomicBoolean(true);
        return () -> {
            if (open.compareAndSet(true, false)) {
                counted.close();
                affinity.sessionEnded(user, backend);
            }
        };
    }

    private record Scored(PoolMember member, MemberView view, double score, int index) {
    }
}
