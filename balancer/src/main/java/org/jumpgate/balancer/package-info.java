/**
 * Where a new user session goes: the login nodes ({@link org.jumpgate.balancer.Backend}) and the
 * {@link org.jumpgate.balancer.BackendSelector} that orders them for one user. The gateway asks
 * for candidates, tries them in order and reports each live session back, so the selector can
 * count load it caused itself. This module never depends on MINA SSHD.
 */
package org.jumpgate.balancer;
