/**
 * The gateway as one running thing: {@link org.jumpgate.server.Gateway} assembles host keys,
 * authentication, the relay and the backend connector on a MINA SSHD server, and owns the
 * lifecycle: start (parts in a written order, onto a close stack), graceful stop (stop
 * accepting, let sessions finish until a deadline, then tell the rest why they are cut),
 * immediate stop (the close stack unwound, last started first). Each step is idempotent.
 */
@NullMarked
package org.jumpgate.server;

import org.jspecify.annotations.NullMarked;
