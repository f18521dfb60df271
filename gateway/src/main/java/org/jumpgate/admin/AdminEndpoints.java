package org.jumpgate.admin;

import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.util.Objects;
import org.jumpgate.balancer.BackendStatus;

/** The admin API's routes, each calling {@link AdminOps} and answering JSON or text. */
final class AdminEndpoints {

    /** Prometheus text exposition format 0.0.4, which every Prometheus server reads. */
    static final String PROMETHEUS_TEXT = "text/plain; version=0.0.4; charset=utf-8";

    /** Longest reason an administrator may give for a kill (the user reads it). */
    static final int MAX_REASON = 200;

    private final AdminOps ops;
    private final PrometheusMeterRegistry registry;

    AdminEndpoints(AdminOps ops, PrometheusMeterRegistry registry) {
        this.ops = Objects.requireNonNull(ops, "ops");
        this.registry = Objects.requireNonNull(registry, "registry");
    }

    Router router() {
        return new Router()
                .add("GET", "/metrics", p -> Reply.text(200, PROMETHEUS_TEXT, registry.scrape()))
                .add("GET", "/healthz", p -> Reply.text(200, "ok"))
                .add("GET", "/readyz", p -> ops.ready() ? Reply.text(200, "ready") : Reply.text(503, "not ready"))
                .add("GET", "/api/backends", p -> Reply.json(200, AdminJson.backends(ops.backends())))
                .add("POST", "/api/backends/{name}/drain", p -> drain(p.get("name"), true))
                .add("POST", "/api/backends/{name}/undrain", p -> drain(p.get("name"), false))
                .add("GET", "/api/sessions", p -> Reply.json(200, AdminJson.sessions(ops.sessions())))
                .add("DELETE", "/api/sessions/{id}", p -> kill(p.get("id"), p.get("reason")))
                .add("POST", "/api/sessions/{id}/kill", p -> kill(p.get("id"), p.get("reason")))
                .add("DELETE", "/api/remembered/{user}", p -> forget(p.get("user")))
                .add("GET", "/api/cluster", p -> Reply.json(200, AdminJson.cluster(ops.cluster())))
                .add("POST", "/api/reload", p -> reload());
    }

    private Reply drain(String name, boolean drain) {
        boolean known;
        try {
            known = drain ? ops.drain(name) : ops.undrain(name);
        } catch (AdminOps.RefusedException e) {
            return Reply.error(503, e.getMessage());
        }
        if (!known) {
            return Reply.error(404, "no backend named " + name);
        }
        for (BackendStatus b : ops.backends()) {
            if (b.name().equals(name)) {
                return Reply.json(200, AdminJson.backend(b));
            }
        }
        // Removed by a reload between the two calls: say what was done all the same.
        return Reply.json(200, AdminJson.MAPPER.createObjectNode().put("name", name).put("drained", drain));
    }

    private Reply kill(String id, String reason) {
        if (reason != null && reason.length() > MAX_REASON) {
            return Reply.error(400, "reason: " + reason.length() + " characters, expected at most " + MAX_REASON);
        }
        boolean killed;
        try {
            killed = ops.kill(id, reason == null || reason.isBlank() ? null : reason.strip());
        } catch (AdminOps.RefusedException e) {
            return Reply.error(503, e.getMessage());
        }
        if (!killed) {
            return Reply.error(404, "no session with id " + id);
        }
        return Reply.json(200, AdminJson.MAPPER.createObjectNode().put("killed", id));
    }

    private Reply forget(String user) {
        boolean had;
        try {
            had = ops.forget(user);
        } catch (AdminOps.RefusedException e) {
            return Reply.error(503, e.getMessage());
        }
        return Reply.json(200, AdminJson.MAPPER.createObjectNode().put("user", user).put("forgotten", had));
    }

    private Reply reload() {
        AdminOps.ReloadResult r = ops.reload();
        return Reply.json(r.applied() ? 200 : 409, AdminJson.reload(r));
    }
}
