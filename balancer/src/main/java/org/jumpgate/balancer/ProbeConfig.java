package org.jumpgate.balancer;

import java.net.URI;
import java.util.Locale;

/**
 * Where a backend's load comes from, besides the SSH probe every backend gets: nothing, a
 * Prometheus node_exporter {@code /metrics} URL (plain http), or an HAProxy agent-check address.
 *
 * @param metrics    node_exporter URL, or {@code null}
 * @param agentHost  agent-check host, or {@code null}
 * @param agentPort  agent-check port, 0 when there is no agent
 */
public record ProbeConfig(URI metrics, String agentHost, int agentPort) {

    private static final ProbeConfig NONE = new ProbeConfig(null, null, 0);

    public ProbeConfig {
        if (metrics != null && agentHost != null) {
            throw new IllegalArgumentException("probe: both metrics '" + metrics + "' and agent '" + agentHost + ":"
                    + agentPort + "' are set, expected at most one of them");
        }
        if (metrics != null) {
            String scheme = metrics.getScheme() == null ? "" : metrics.getScheme().toLowerCase(Locale.ROOT);
            if (!scheme.equals("http") || metrics.getHost() == null) {
                throw new IllegalArgumentException("probe.metrics: '" + metrics
                        + "', expected an http URL with a host, such as http://10.0.0.11:9100/metrics");
            }
        }
        if (agentHost != null) {
            if (agentHost.isBlank()) {
                throw new IllegalArgumentException("probe.agent: host '' is empty, expected host:port");
            }
            if (agentPort < 1 || agentPort > 65535) {
                throw new IllegalArgumentException("probe.agent: port " + agentPort + ", expected 1..65535");
            }
        } else if (agentPort != 0) {
            throw new IllegalArgumentException("probe.agent: port " + agentPort + " without a host, expected host:port");
        }
    }

    /** No load source: the SSH probe alone decides, load counts as equal on every such node. */
    public static ProbeConfig none() {
        return NONE;
    }

    /** node_exporter at {@code url}, such as {@code http://10.0.0.11:9100/metrics}. */
    public static ProbeConfig metrics(String url) {
        try {
            return new ProbeConfig(URI.create(url), null, 0);
        } catch (IllegalArgumentException e) {
            if (e.getMessage() != null && e.getMessage().startsWith("probe.")) {
                throw e;
            }
            throw new IllegalArgumentException("probe.metrics: '" + url + "' is not a URL, expected such as "
                    + "http://10.0.0.11:9100/metrics", e);
        }
    }

    /** An HAProxy agent-check responder at {@code host:port} ({@code [v6]:port} for IPv6). */
    public static ProbeConfig agent(String hostPort) {
        int colon = hostPort.lastIndexOf(':');
        if (colon <= 0 || colon == hostPort.length() - 1) {
            throw new IllegalArgumentException("probe.agent: '" + hostPort + "', expected host:port such as 10.0.0.11:9777");
        }
        String host = hostPort.substring(0, colon);
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        int port;
        try {
            port = Integer.parseInt(hostPort.substring(colon + 1));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("probe.agent: '" + hostPort + "' has no numeric port, expected host:port", e);
        }
        return new ProbeConfig(null, host, port);
    }

    public boolean hasMetrics() {
        return metrics != null;
    }

    public boolean hasAgent() {
        return agentHost != null;
    }
}
