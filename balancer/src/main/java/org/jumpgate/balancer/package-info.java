/**
 * Where a new user session goes: the login nodes ({@link org.jumpgate.balancer.Backend}) and the
 * {@link org.jumpgate.balancer.BackendSelector} that orders them for one user. The gateway asks
 * for candidates, tries them in order and reports each live session back, so the selector can
 * count load it caused itself. {@link org.jumpgate.balancer.Balancer} is the probing, load-aware
 * selector, built from {@link org.jumpgate.balancer.BalancerSettings} and one
 * {@link org.jumpgate.balancer.BackendConfig} per login node, and it answers the admin API with
 * {@link org.jumpgate.balancer.BackendStatus} records. Only this package is API; the
 * {@code pool}, {@code probe}, {@code selection} and {@code affinity} packages are public only so
 * that this one can wire them. This module never depends on MINA SSHD.
 */
package org.jumpgate.balancer;
