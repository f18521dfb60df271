package org.jumpgate.server;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.jumpgate.admin.AdminOps.ReloadResult;
import org.jumpgate.audit.AuditEvent;
import org.jumpgate.audit.AuditLog;
import org.jumpgate.balancer.Backend;
import org.jumpgate.balancer.BackendConfig;
import org.jumpgate.balancer.Balancer;
import org.jumpgate.common.ConfigException;
import org.jumpgate.config.ConfigLoader;
import org.jumpgate.config.GatewayConfig;
import org.jspecify.annotations.Nullable;

/**
 * Re-reading the config while running: the login nodes (added, removed, re-weighted) apply at
 * once and sessions on kept nodes go on; a change that needs a restart (listeners, auth) refuses
 * the whole reload, saying which, so a half-applied config never runs.
 */
final class ConfigReload {

    private ConfigReload() {
    }

    static ReloadResult apply(GatewayConfig running, @Nullable Path file, Balancer balancer, AuditLog audit,
                              Consumer<List<Backend>> loginNodes) {
        if (file == null) {
            return new ReloadResult(false, List.of("this gateway was not started from a config file"));
        }
        GatewayConfig next;
        try {
            next = ConfigLoader.load(file);
        } catch (ConfigException e) {
            audit.record(AuditEvent.ConfigReloaded.refused(e.errors()));
            return new ReloadResult(false, e.errors());
        }
        List<String> restartOnly = new ArrayList<>();
        if (!next.listen().equals(running.listen())) {
            restartOnly.add("listen: " + running.listen() + " -> " + next.listen() + " needs a restart");
        }
        if (!next.listeners().equals(running.listeners())) {
            restartOnly.add("listeners: changed, needs a restart");
        }
        if (!next.admin().equals(running.admin())) {
            restartOnly.add("admin: changed (listen or tokenFile), needs a restart; the token file is read at start");
        }
        if (!next.auth().equals(running.auth())) {
            restartOnly.add("auth: changed, needs a restart (accounts file contents reload by themselves)");
        }
        if (!restartOnly.isEmpty()) {
            audit.record(AuditEvent.ConfigReloaded.refused(restartOnly));
            return new ReloadResult(false, restartOnly);
        }
        try {
            balancer.reconfigure(next.backends());
        } catch (IllegalArgumentException e) {
            return new ReloadResult(false, List.of(e.getMessage()));
        }
        loginNodes.accept(next.backendList());
        audit.record(AuditEvent.ConfigReloaded.success(next.backends().stream().map(BackendConfig::name).toList()));
        return new ReloadResult(true, List.of());
    }
}
