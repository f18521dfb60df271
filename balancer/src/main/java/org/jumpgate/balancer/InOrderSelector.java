package org.jumpgate.balancer;

import java.util.ArrayList;
import java.util.List;

/** Backends in configuration order, the pinned one first. */
final class InOrderSelector implements BackendSelector {

    private final List<Backend> backends;

    InOrderSelector(List<Backend> backends) {
        this.backends = List.copyOf(backends);
    }

    @Override
    public List<Backend> pick(String user, String pin) {
        if (pin == null) {
            return backends;
        }
        List<Backend> ordered = new ArrayList<>(backends.size());
        for (Backend b : backends) {
            if (b.name().equals(pin)) {
                ordered.add(0, b);
                return List.copyOf(ordered.subList(0, 1));
            }
        }
        return List.of();
    }

    @Override
    public SessionHandle sessionStarted(String backend, String user) {
        return () -> { };
    }
}
