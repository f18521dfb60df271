package org.jumpgate.server;

import java.lang.reflect.RecordComponent;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Consumer;
import org.jumpgate.admin.AdminOps.ReloadResult;
import org.jumpgate.audit.AuditEvent;
import org.jumpgate.audit.AuditLog;
import org.jumpgate.balancer.Backend;
import org.jumpgate.balancer.BackendConfig;
import org.jumpgate.balancer.Balancer;
import org.jumpgate.common.Cidr;
import org.jumpgate.common.ConfigException;
import org.jumpgate.config.ConfigLoader;
import org.jumpgate.config.GatewayConfig;
import org.jspecify.annotations.Nullable;

/**
 * Re-reading the config while running: the login nodes (added, removed, re-weighted) and the
 * PROXY-protocol balancers ({@code proxyProtocol.from}) apply at once and sessions on kept nodes
 * go on; a change to any other section needs a restart and
 * refuses the whole reload, naming each changed key, so a reload never claims what it did not
 * apply and a half-applied config never runs.
 */
final class ConfigReload {

    /**
     * What a reload applies while running: the login nodes and the PROXY-protocol balancers.
     * Every other section needs a restart.
     */
    static final Set<String> LIVE = Set.of("backends", "proxyFrom");
    /** The config keys of {@link GatewayConfig}'s components, as operators write them. */
    static final Map<String, String> KEYS = Map.of("auditLog", "audit.file", "proxyFrom", "proxyProtocol.from");

    private ConfigReload() {
    }

    private static @Nullable Object value(RecordComponent c, GatewayConfig config) {
        try {
            return c.getAccessor().invoke(config);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("reading " + c.getName() + " of the config", e);
        }
    }

    static ReloadResult apply(GatewayConfig running, @Nullable Path file, Balancer balancer, AuditLog audit,
                              Consumer<List<Backend>> loginNodes, Consumer<List<Cidr>> proxyFrom) {
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
        for (RecordComponent c : GatewayConfig.class.getRecordComponents()) {
            if (LIVE.contains(c.getName())) {
                continue;
            }
            if (!Objects.equals(value(c, running), value(c, next))) {
                restartOnly.add(KEYS.getOrDefault(c.getName(), c.getName()) + ": changed, needs a restart"
                        + (c.getName().equals("auth") ? " (the accounts file's contents reload by themselves)" : "")
                        + (c.getName().equals("admin") ? " (the token file is read at start)" : ""));
            }
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
        proxyFrom.accept(next.proxyFrom());
        audit.record(AuditEvent.ConfigReloaded.success(next.backends().stream().map(BackendConfig::name).toList()));
        return new ReloadResult(true, List.of());
    }
}
