/**
 * The gateway's admin HTTP API and its client: {@link org.jumpgate.admin.AdminServer} serves
 * {@code /metrics}, {@code /healthz}, {@code /readyz} and the JSON API under {@code /api}
 * (backends with drain and undrain, sessions with kill, reload) on a loopback address by
 * default; it only sees the gateway through {@link org.jumpgate.admin.AdminOps}. Before any
 * endpoint, {@code AdminGuard} refuses what a web page in a browser could send (a foreign
 * {@code Host}, an {@code Origin}, a state change that is neither JSON nor the CLI's) and, with an
 * {@link org.jumpgate.admin.AdminToken} ({@code admin.tokenFile}), requests without the bearer
 * token. {@link org.jumpgate.admin.AdminClient} is what the {@code jumpgate admin} command uses
 * to call it. The paths, JSON field names and the {@code X-Jumpgate-Client: cli} header are a
 * contract that operators' tooling relies on.
 */
package org.jumpgate.admin;
