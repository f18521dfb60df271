package org.jumpgate.server;

import java.util.List;
import org.apache.sshd.server.session.ServerSession;
import org.jumpgate.admin.AdminOps;
import org.jumpgate.audit.AuditEvent;
import org.jumpgate.connection.UserConnection;
import org.jumpgate.relay.Relay;
import org.jumpgate.balancer.BackendState;
import org.jumpgate.balancer.BackendStatus;

/** The admin API's view of a running gateway. */
final class GatewayAdmin implements AdminOps {

    private final Gateway gateway;

    GatewayAdmin(Gateway gateway) {
        this.gateway = gateway;
    }

    @Override
    public List<BackendStatus> backends() {
        return gateway.balancer().backends();
    }

    @Override
    public boolean drain(String name) {
        boolean done = setDrained(name, true);
        if (done) {
            gateway.audit().record(new AuditEvent.BackendDrained(name));
        }
        return done;
    }

    @Override
    public boolean undrain(String name) {
        boolean done = setDrained(name, false);
        if (done) {
            gateway.audit().record(new AuditEvent.BackendUndrained(name));
        }
        return done;
    }

    private boolean setDrained(String name, boolean drained) {
        try {
            return gateway.setDrained(name, drained);
        } catch (java.io.IOException e) {
            throw new AdminOps.RefusedException(e.getMessage());
        }
    }

    @Override
    public List<SessionInfo> sessions() {
        List<SessionInfo> all = new java.util.ArrayList<>(gateway.openSessions().stream().map(this::info).toList());
        org.jumpgate.cluster.SessionRegistry registry = gateway.registry();
        if (registry != null) {
            registry.others().forEach(e -> all.add(new SessionInfo(e.id(), e.user(), e.source(), null, e.startedAt(), 0,
                    e.member())));
        }
        return all;
    }

    private SessionInfo info(ServerSession s) {
        int channels = Relay.openChannels(s);
        UserConnection c = UserConnection.of(s);
        return new SessionInfo(c.id(), s.isAuthenticated() ? s.getUsername() : null,
                c.source(), Gateway.backendOf(c), c.started().toString(), channels,
                gateway.fleet() != null ? gateway.fleet().member() : null);
    }

    @Override
    public ClusterInfo cluster() {
        org.jumpgate.cluster.Fleet fleet = gateway.fleet();
        if (fleet == null) {
            return new ClusterInfo(false, false, null, Gateway.gatewayName(), List.of(Gateway.gatewayName()));
        }
        return new ClusterInfo(true, fleet.connected(), fleet.store(), fleet.member(), fleet.members());
    }

    @Override
    public boolean forget(String user) {
        try {
            return gateway.forget(user);
        } catch (IllegalStateException e) {
            throw new AdminOps.RefusedException(e.getMessage());
        }
    }

    @Override
    public boolean kill(String id, String reason) {
        if (gateway.endLocal(id, reason)) {
            return true;
        }
        org.jumpgate.cluster.SessionRegistry registry = gateway.registry();
        try {
            return registry != null && registry.requestKill(id, reason);
        } catch (java.io.IOException e) {
            throw new AdminOps.RefusedException(e.getMessage());
        }
    }

    @Override
    public ReloadResult reload() {
        return gateway.reload();
    }

    @Override
    public boolean ready() {
        return gateway.accepting() && backends().stream().anyMatch(b -> b.state() == BackendState.UP);
    }
}
