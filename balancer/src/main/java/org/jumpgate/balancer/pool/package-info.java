/**
 * The backend pool: every configured login node with what the balancer knows about it now. A
 * {@link org.jumpgate.balancer.pool.PoolMember} keeps the rise/fall counters that turn SSH probe
 * results into CHECKING (before the first), UP or DOWN, the last probe results with their reasons, the load last reported by
 * node_exporter or an HAProxy agent (whose drain, maint and down words stick until it says
 * otherwise), the operator's drain flag, and the gateway's own live and just-assigned sessions.
 * {@link org.jumpgate.balancer.pool.BackendPool#reconfigure} adds and removes members at runtime
 * and keeps the counts of the members it keeps.
 */
package org.jumpgate.balancer.pool;
