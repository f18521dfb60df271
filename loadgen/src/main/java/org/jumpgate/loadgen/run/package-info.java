/**
 * A bounded load run against a gateway: {@link org.jumpgate.loadgen.run.LoadRun} follows a
 * {@link org.jumpgate.loadgen.run.LoadPlan} (a scenario, {@code login}, {@code interactive},
 * {@code jump} or {@code bulk}; a target concurrency reached over a ramp; an optional start rate;
 * limits in count and time, so that a run always stops by itself), paced by
 * {@link org.jumpgate.loadgen.run.Pacer}, with one worker per simulated user session, and
 * produces a {@link org.jumpgate.loadgen.run.LoadResult}. Load goes only to loopback or to an
 * address block the operator allowed ({@link org.jumpgate.loadgen.run.TargetPolicy}). Users log in
 * as real users do: their key, then the one-time code when the gateway asks; since the gateway
 * accepts each 30 s TOTP step once per user, {@link org.jumpgate.loadgen.run.UserPool} leases each
 * TOTP user to one login at a time and either waits for the next step ({@code totpWait}) or counts
 * a {@code totp-step-used} error. Latencies are HdrHistogram recordings in microseconds, sampled
 * every second for the timeline ({@link org.jumpgate.loadgen.run.Metrics}).
 */
package org.jumpgate.loadgen.run;
