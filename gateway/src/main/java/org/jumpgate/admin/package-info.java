/**
 * The gateway's admin HTTP API and its client: {@link org.jumpgate.admin.AdminServer} serves
 * {@code /metrics}, {@code /healthz}, {@code /readyz} and the JSON API under {@code /api}
 * (backends with drain and undrain, sessions with kill, reload) on a loopback address by
 * default, since it has no authentication; it only sees the gateway through
 * {@link org.jumpgate.admin.AdminOps}. {@link org.jumpgate.admin.AdminClient} is what the
 * {@code jumpgate admin} command uses to call it. The paths and JSON field names are a contract
 * that operators' tooling relies on.
 */
package org.jumpgate.admin;
