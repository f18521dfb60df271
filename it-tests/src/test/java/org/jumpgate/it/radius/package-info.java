/**
 * The gateway's RADIUS client ({@code org.jumpgate.radius}) against a real FreeRADIUS
 * ({@link org.jumpgate.it.fixture.FreeRadius}): accept, reject with its Reply-Message, a challenge
 * round, a wrong shared secret, servers down and failover, and no secret in any log line.
 */
package org.jumpgate.it.radius;
