/**
 * The Netty prober: one event loop thread probes every backend each {@code balancer.interval}.
 * The SSH probe connects and reads the {@code SSH-2.0-} identification; the optional load probe
 * reads node_exporter's {@code /metrics} over HTTP or one HAProxy agent-check reply line. What a
 * backend sends is untrusted: {@link org.jumpgate.balancer.probe.ProbeLimits} bounds its size and
 * time, and anything malformed, huge or slow fails that probe with a reason, without holding up
 * the loop or any other backend. The parsers ({@link org.jumpgate.balancer.probe.SshIdentification},
 * {@link org.jumpgate.balancer.probe.NodeExporterParser},
 * {@link org.jumpgate.balancer.probe.AgentReplyParser}) are pure and tested on their own.
 * Failing probes are logged by {@link org.jumpgate.balancer.probe.ProbeLog}: one line when a
 * backend's probe starts failing, then a count at most once a minute, one line when it passes
 * again; network errors (also running out of file descriptors) never with a stack trace.
 */
package org.jumpgate.balancer.probe;
