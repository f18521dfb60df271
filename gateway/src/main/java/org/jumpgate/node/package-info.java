/**
 * Login nodes inside a JVM: {@link org.jumpgate.node.NodeServer} builds the SSH server that the
 * demo's login and compute nodes and the load generator's echo node share, trusting the gateway's
 * user CA exactly as a real login node's sshd does with its one {@code TrustedUserCAKeys} line.
 * What runs for a user (a real shell on a pty, an echo) is each caller's own.
 */
package org.jumpgate.node;
