package org.jumpgate.admin;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import org.jumpgate.balancer.BackendStatus;

/**
 * The admin API's JSON, written field by field so that the wire names stay the same whatever
 * the Java records become (tooling reads these names).
 */
final class AdminJson {

    static final ObjectMapper MAPPER = new ObjectMapper();

    private AdminJson() {
    }

    static ObjectNode backend(BackendStatus b) {
        ObjectNode o = MAPPER.createObjectNode();
        o.put("name", b.name());
        o.put("address", b.address());
        o.put("weight", b.weight());
        o.put("state", b.state() == null ? null : b.state().name());
        o.put("reason", b.reason());
        o.put("drained", b.drained());
        o.put("loadPerCpu", b.loadPerCpu());
        o.put("memoryUsed", b.memoryUsed());
        o.put("cpus", b.cpus());
        o.put("sessions", b.sessions());
        o.put("assigned", b.assigned());
        o.put("score", b.score());
        o.put("checkedAt", b.checkedAt() == null ? null : b.checkedAt().toString());
        return o;
    }

    static ArrayNode backends(List<BackendStatus> all) {
        ArrayNode a = MAPPER.createArrayNode();
        all.forEach(b -> a.add(backend(b)));
        return a;
    }

    static ObjectNode session(AdminOps.SessionInfo s) {
        ObjectNode o = MAPPER.createObjectNode();
        o.put("id", s.id());
        o.put("user", s.user());
        o.put("source", s.source());
        o.put("backend", s.backend());
        o.put("startedAt", s.startedAt());
        o.put("channels", s.channels());
        o.put("gateway", s.gateway());
        return o;
    }

    static ArrayNode sessions(List<AdminOps.SessionInfo> all) {
        ArrayNode a = MAPPER.createArrayNode();
        all.forEach(s -> a.add(session(s)));
        return a;
    }

    static ObjectNode reload(AdminOps.ReloadResult r) {
        ObjectNode o = MAPPER.createObjectNode();
        o.put("applied", r.applied());
        if (!r.applied()) {
            ArrayNode errors = o.putArray("errors");
            r.errors().forEach(errors::add);
        }
        return o;
    }

    static ObjectNode cluster(AdminOps.ClusterInfo c) {
        ObjectNode n = MAPPER.createObjectNode().put("fleet", c.fleet()).put("connected", c.connected())
                .put("store", c.store()).put("member", c.member());
        c.members().forEach(n.putArray("members")::add);
        return n;
    }

    static ObjectNode error(String message) {
        return MAPPER.createObjectNode().put("error", message);
    }

    static byte[] bytes(JsonNode node) {
        try {
            return MAPPER.writeValueAsBytes(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write JSON: " + e.getOriginalMessage(), e);
        }
    }
}
