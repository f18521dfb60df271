package org.jumpgate.balancer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class BalancerSettingsTest {

    private final BalancerSettings defaults = BalancerSettings.defaults();

    @Test
    void defaultsMatchTheDesign() {
        assertThat(defaults).isEqualTo(new BalancerSettings(Duration.ofSeconds(1), Duration.ofSeconds(1), 2, 2,
                Duration.ofHours(12), 1.5));
    }

    @Test
    void errorsNameTheKeyTheBadValueAndWhatWasExpected() {
        assertThatThrownBy(() -> defaults.withInterval(Duration.ZERO))
                .hasMessage("balancer.interval: 0ms, expected a duration from 50ms to 1h");
        assertThatThrownBy(() -> defaults.withProbeTimeout(Duration.ofMinutes(5)))
                .hasMessage("balancer.probeTimeout: 5m, expected a duration from 10ms to 1m");
        assertThatThrownBy(() -> defaults.withRiseFall(0, 2))
                .hasMessage("balancer.rise: 0, expected a whole number from 1 to 100");
        assertThatThrownBy(() -> defaults.withRiseFall(2, 101))
                .hasMessage("balancer.fall: 101, expected a whole number from 1 to 100");
        assertThatThrownBy(() -> defaults.withAffinityTtl(Duration.ofSeconds(-3)))
                .hasMessage("balancer.affinityTtl: -3s, expected a duration from 0ms to 720h");
        assertThatThrownBy(() -> defaults.withOverloadThreshold(Double.NaN))
                .hasMessage("balancer.overloadThreshold: NaN, expected a load per CPU greater than 0, such as 1.5");
        assertThatThrownBy(() -> defaults.withOverloadThreshold(0))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void zeroAffinityTtlTurnsAffinityOff() {
        assertThat(defaults.withAffinityTtl(Duration.ZERO).affinityTtl()).isZero();
    }
}
