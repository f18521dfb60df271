package org.jumpgate.loadgen.run;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class PacerTest {

    private static final long SECOND = 1_000_000_000L;

    @Test
    void withoutRateOrRampTheWholeConcurrencyStartsAtOnce() {
        Pacer p = new Pacer(10, Duration.ZERO, 0);
        assertThat(p.permits(0, 0)).isEqualTo(10);
        assertThat(p.permits(0, 7)).isEqualTo(3);
        assertThat(p.permits(0, 12)).isZero();
    }

    @Test
    void theRampRaisesConcurrencyLinearlyFromOne() {
        Pacer p = new Pacer(100, Duration.ofSeconds(10), 0);
        assertThat(p.allowedConcurrency(0)).isEqualTo(1);
        assertThat(p.allowedConcurrency(SECOND)).isEqualTo(10);
        assertThat(p.allowedConcurrency(5 * SECOND)).isEqualTo(50);
        assertThat(p.allowedConcurrency(20 * SECOND)).isEqualTo(100);
    }

    @Test
    void theRateAllowsOneStartPerPeriodWithSmallBursts() {
        Pacer p = new Pacer(1000, Duration.ZERO, 10);
        assertThat(p.permits(0, 0)).isEqualTo(1);
        p.started(1);
        assertThat(p.permits(SECOND / 20, 1)).isZero();
        assertThat(p.permits(SECOND / 10, 1)).isEqualTo(1);
        p.started(1);
        // a long pause does not save up more than the burst window's worth
        assertThat(p.permits(100 * SECOND, 2)).isEqualTo(1);
    }

    @Test
    void aHighRateBurstsAtMostAFractionOfASecond() {
        Pacer p = new Pacer(10_000, Duration.ZERO, 1000);
        assertThat(p.permits(10 * SECOND, 0)).isEqualTo(100);
    }
}
