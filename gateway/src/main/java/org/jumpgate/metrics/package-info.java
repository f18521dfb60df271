/**
 * What {@code /metrics} says beyond the audit event counts: per login node state, score,
 * sessions, load and probe latency (read through the balancer's public API and its
 * {@link org.jumpgate.balancer.ProbeObserver}); login latency by phase (user authentication,
 * backend link); authentication failures by a bounded reason; bytes relayed by direction; jumps by
 * outcome; sessions by kind; the job snapshot's age; GC pauses, file descriptors, CPU; the build.
 * {@link org.jumpgate.metrics.GatewayMetrics} is the one place that binds them; the rest of the
 * gateway only hands it what it observes (its audit log, its listeners' sessions, its backend
 * link connects). Every tag has a fixed small set of values (reasons and kinds are mapped to
 * categories, never free text), and every counter and timer exists at zero from the start, so a
 * scrape always has every series the dashboard and the alert rules use.
 */
package org.jumpgate.metrics;
