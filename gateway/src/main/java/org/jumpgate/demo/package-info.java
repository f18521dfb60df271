/**
 * {@code jumpgate demo}: the gateway with everything it needs in one process, for a newcomer's
 * first minute. Two in-process demo login nodes (MINA servers that trust the gateway's CA, as a
 * real login node's sshd would), a demo user with a generated key and TOTP secret, and the exact
 * ssh command to log in. Loopback only; the demo nodes run commands as the user who started it.
 */
package org.jumpgate.demo;
