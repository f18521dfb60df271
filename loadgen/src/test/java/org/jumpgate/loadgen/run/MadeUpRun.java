package org.jumpgate.loadgen.run;

import java.time.Duration;
import java.time.Instant;
import java.util.Set;

/**
 * Results of runs that never happened, recorded through this package's {@link Metrics} so that
 * the report package's tests see what a real run would give them.
 */
public final class MadeUpRun {

    private MadeUpRun() {
    }

    /** A login run: three seconds, 300 logins, two {@code totp-step-used} errors. */
    public static LoadResult login() {
        Metrics m = new Metrics();
        for (int second = 0; second < 3; second++) {
            for (int i = 1; i <= 100; i++) {
                m.record(Metric.LOGIN, (10 + second) * 1_000_000L + i * 10_000L);
                m.record(Metric.CONNECT, 200_000L + i * 1000L);
                m.completed.increment();
            }
            m.sample(second);
        }
        m.error(ErrorKind.TOTP_STEP_USED, "step used");
        m.error(ErrorKind.TOTP_STEP_USED, "another");
        m.connected.set(301);
        m.sessionsOpened.add(300);
        LoadPlan plan = LoadPlan.builder(Scenario.LOGIN).concurrency(4).rate(100).maxCount(302).build();
        return new LoadResult(plan, "127.0.0.1:2222", 2, Instant.parse("2026-11-01T10:00:00Z"), Duration.ofSeconds(3),
                StopReason.COUNT, m.completed.sum(), m.errors(), m.examples(), m.summaries(), m.distributions(),
                m.timeline(), 0, 0, m.sessionsOpened.sum(), m.connected.get(), Set.of("ssh-ed25519 SHA256:abc"), false);
    }
}
