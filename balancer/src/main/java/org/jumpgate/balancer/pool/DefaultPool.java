package org.jumpgate.balancer.pool;

import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jumpgate.balancer.BackendConfig;

/** Copy-on-write pool: readers see an immutable map, reconfiguration swaps it. */
final class DefaultPool implements BackendPool {

    private final int rise;
    private final int fall;
    private final Clock clock;
    private final Map<String, DefaultMember> retired = new HashMap<>();
    private volatile Map<String, DefaultMember> members = Map.of();
    private volatile List<PoolMember> ordered = List.of();

    DefaultPool(int rise, int fall, Clock clock) {
        this.rise = rise;
        this.fall = fall;
        this.clock = clock;
    }

    @Override
    public List<PoolMember> members() {
        return ordered;
    }

    @Override
    public Optional<PoolMember> member(String name) {
        return Optional.ofNullable(members.get(name));
    }

    @Override
    public synchronized Change reconfigure(List<BackendConfig> configs) {
        Map<String, DefaultMember> next = new LinkedHashMap<>();
        List<PoolMember> added = new ArrayList<>();
        List<PoolMember> kept = new ArrayList<>();
        for (BackendConfig config : configs) {
            if (next.containsKey(config.name())) {
                throw new IllegalArgumentException("backends: name '" + config.name()
                        + "' appears twice, expected each backend name once");
            }
            DefaultMember member = members.get(config.name());
            if (member != null) {
                kept.add(member);
            } else {
                member = retired.remove(config.name());
                if (member == null) {
                    member = new DefaultMember(config, rise, fall, clock);
                }
                added.add(member);
            }
            member.reconfigure(config);
            next.put(config.name(), member);
        }
        List<PoolMember> removed = new ArrayList<>();
        for (DefaultMember old : members.values()) {
            if (!next.containsKey(old.name())) {
                removed.add(old);
                retired.put(old.name(), old);
            }
        }
        retired.values().removeIf(m -> m.sessions() == 0);
        members = Map.copyOf(next);
        ordered = List.copyOf(next.values());
        return new Change(added, removed, kept);
    }
}
