/**
 * The gateway as one running thing: {@link org.jumpgate.server.Gateway} assembles host keys,
 * authentication, the relay and the backend connector on a MINA SSHD server, and owns the
 * lifecycle: start, graceful stop (stop accepting, let sessions finish until a deadline),
 * immediate stop. Each step is idempotent.
 */
package org.jumpgate.server;
