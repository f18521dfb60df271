package org.jumpgate.metrics;

import java.util.List;
import java.util.Locale;

/**
 * The {@code outcome} and {@code reason} tags of {@code jumpgate_jumps_total}: a jump allowed (to
 * a login node or to a compute node holding the user's job), denied (the audit log's reason
 * mapped to a category), or closed by the gateway because its job ended.
 */
enum JumpOutcome {
    ALLOWED_LOGIN_NODE("allowed", "login_node"),
    ALLOWED_COMPUTE_NODE("allowed", "compute_node"),
    DENIED_NO_JOB("denied", "no_job"),
    DENIED_SCHEDULER_UNREACHABLE("denied", "scheduler_unreachable"),
    DENIED_PORT("denied", "port_not_allowed"),
    DENIED_TARGET("denied", "bad_target"),
    DENIED_FORWARDING_DISABLED("denied", "forwarding_disabled"),
    DENIED_COMPUTE_DISABLED("denied", "compute_disabled"),
    DENIED_OTHER("denied", "other"),
    CLOSED_JOB_ENDED("closed", "job_ended");

    static final List<JumpOutcome> ALL = List.of(values());

    final String outcome;
    final String reason;

    JumpOutcome(String outcome, String reason) {
        this.outcome = outcome;
        this.reason = reason;
    }

    /** The category of a {@code jump.denied} reason as the audit log has it. */
    static JumpOutcome denied(String reason) {
        String r = reason == null ? "" : reason.toLowerCase(Locale.ROOT);
        if (r.contains("no running job")) {
            return DENIED_NO_JOB;
        }
        if (r.contains("scheduler unreachable")) {
            return DENIED_SCHEDULER_UNREACHABLE;
        }
        if (r.contains("port ") && r.contains("not allowed")) {
            return DENIED_PORT;
        }
        if (r.contains("port forwarding and jumps are disabled")) {
            return DENIED_FORWARDING_DISABLED;
        }
        if (r.contains("jumps to compute nodes are not enabled")) {
            return DENIED_COMPUTE_DISABLED;
        }
        if (r.contains("not a valid host name") || r.contains("compute node address")) {
            return DENIED_TARGET;
        }
        return DENIED_OTHER;
    }
}
