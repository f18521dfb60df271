/**
 * {@code jumpgate demo}: the gateway with everything it needs in one process, for a newcomer's
 * first minute. Two in-process demo login nodes and a demo compute node (MINA servers that trust
 * the gateway's CA or the user's key, as a real node's sshd would), a demo user with a generated
 * key and TOTP secret, and the exact ssh command to log in. The nodes behave like a login node:
 * the user's shell on a real pty when asked ({@code SessionProcess}), a demo
 * home as working directory and {@code $HOME}, {@code -L}/{@code -D}/{@code -R}/{@code -A} on
 * loopback. Loopback only; the demo nodes run programs as the OS user who started the demo.
 */
package org.jumpgate.demo;
