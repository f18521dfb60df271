package org.jumpgate.balancer.probe;

/** Bounds on what a probed backend may send. Timeouts come from {@code balancer.probeTimeout}. */
final class ProbeLimits {

    /** Longest line before or as the SSH identification, CR LF excluded (RFC 4253 4.2: 255 with CR LF). */
    static final int MAX_SSH_LINE = 255;
    /** Most lines an sshd may send before its identification (RFC 4253 allows some; OpenSSH sends none). */
    static final int MAX_SSH_PRE_BANNER_LINES = 32;
    /** Longest agent-check reply, newline excluded. HAProxy reads at most a buffer; real replies are short. */
    static final int MAX_AGENT_REPLY = 1024;
    /** Largest node_exporter response body; a big node's full output is a few hundred KiB. */
    static final int MAX_METRICS_BYTES = 4 * 1024 * 1024;
    /** Longest HTTP status line of a metrics response. */
    static final int MAX_HTTP_INITIAL_LINE = 4096;
    /** Largest HTTP header block of a metrics response. */
    static final int MAX_HTTP_HEADERS = 16 * 1024;
    /** Most host-name lookups running at once (on their own threads, never on the event loop). */
    static final int MAX_RESOLVER_THREADS = 4;

    private ProbeLimits() {
    }
}
