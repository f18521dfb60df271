/**
 * {@code jumpgate load}: a bounded load generator for the gateway, and {@code jumpgate echo-node},
 * a lightweight login node for capacity runs.
 *
 * <p>A run ({@link org.jumpgate.load.LoadRun}) follows a {@link org.jumpgate.load.LoadPlan}: a
 * scenario ({@code login}, {@code interactive}, {@code jump}, {@code bulk}), a target concurrency
 * reached over a ramp, an optional start rate, and limits in count and time (always bounded: a
 * run stops by itself). Targets must be loopback unless the operator allows an address block
 * ({@link org.jumpgate.load.TargetPolicy}): load goes only to our own test hosts.
 *
 * <p>Users log in as real users do: their key, then the one-time code when the gateway asks
 * ({@code keyboard-interactive}). The gateway refuses a code whose 30 s step that user already
 * used, so a TOTP user authenticates at most once per step: the run leases each TOTP user to one
 * login at a time, and when the user's current step is already used it either waits for the next
 * step ({@code totpWait}: the user is skipped until then) or answers nothing and counts an error of
 * kind {@code totp-step-used}. Capacity runs use many users, or a gateway configured with
 * {@code auth.methods: publickey}.
 *
 * <p>Latencies are HdrHistogram recordings in microseconds, sampled every second for the
 * timeline; the result renders as a text table ({@link org.jumpgate.load.SummaryTable}), JSON
 * ({@link org.jumpgate.load.JsonSummary}) and a self-contained HTML page with inline SVG charts
 * ({@link org.jumpgate.load.HtmlReport}).
 */
package org.jumpgate.load;
