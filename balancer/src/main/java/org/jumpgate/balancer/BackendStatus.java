package org.jumpgate.balancer;

import java.time.Instant;

/**
 * One backend as the admin API shows it ({@code GET /api/backends}).
 *
 * @param name         the backend's name
 * @param address      its sshd, {@code host:port}
 * @param weight       its configured weight
 * @param state        CHECKING (before its first probe), UP, DOWN, DRAIN or MAINT
 * @param reason       why it is in that state, for people: last probe results, drain, agent words
 * @param drained      whether an operator drained it ({@link Balancer#drain(String)})
 * @param loadPerCpu   reported load per CPU (agents: 1 - percent/100), {@code null} when it has no
 *                     load source or its load is unknown (failing or stale probe)
 * @param memoryUsed   used share of memory 0..1 from node_exporter, {@code null} when unknown
 * @param cpus         CPUs from node_exporter, {@code null} when unknown
 * @param sessions     live sessions this gateway holds there
 * @param assigned     sessions picked for it since its last probe
 * @param score        its current score, lower is better; {@code null} when it takes no balanced
 *                     sessions
 * @param checkedAt    when its last SSH probe ended, {@code null} before the first
 */
public record BackendStatus(String name, String address, int weight, BackendState state, String reason,
                            boolean drained, Double loadPerCpu, Double memoryUsed, Integer cpus, int sessions,
                            int assigned, Double score, Instant checkedAt) {
}
