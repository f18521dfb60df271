/**
 * What a connection may take before it has authenticated, in OpenSSH's terms: how many such
 * connections may be open at once ({@code MaxStartups}, with random early drop, and per source
 * address block), how long one may stay unauthenticated ({@code LoginGraceTime}, from accept,
 * never restarted), and which sources are refused at accept for a while because their earlier
 * connections failed to authenticate, never tried, or ran out of time ({@code PerSourcePenalties},
 * with OpenSSH 9.8's accumulation). Behind a PROXY-protocol balancer everything here applies to
 * the client's real address. In a fleet the penalties are shared ({@code SharedPenalties}): a
 * block any gateway enforces is refused by all.
 */
@NullMarked
package org.jumpgate.limits;

import org.jspecify.annotations.NullMarked;
