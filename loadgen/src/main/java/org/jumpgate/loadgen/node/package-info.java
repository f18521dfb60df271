/**
 * The echo node ({@code jumpgate echo-node}): a lightweight login node for capacity runs, in one
 * JVM, where thousands of sshd processes would not fit a machine. {@link org.jumpgate.loadgen.node.EchoNode}
 * trusts user certificates from the gateway's CA as sshd's {@code TrustedUserCAKeys} does, answers
 * shells and a few commands with {@code EchoShell} (no processes, no thread per session), and can
 * also run {@code TcpEcho}, a plain TCP echo service that stands in for a compute node as the far
 * end of the {@code jump} scenario.
 */
package org.jumpgate.loadgen.node;
