package org.jumpgate.limits;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.jumpgate.common.ConfigException;
import org.jumpgate.limits.LimitsConfig.MaxStartups;
import org.jumpgate.limits.LimitsConfig.NetBlock;
import org.junit.jupiter.api.Test;

class LimitsConfigTest {

    @Test
    void defaultsAreOpenSshs() {
        LimitsConfig d = LimitsConfig.DEFAULTS;
        assertThat(d.maxStartups()).hasToString("10:30:100");
        assertThat(d.perSourceMaxStartups()).isEqualTo(10);
        assertThat(d.perSourceNetBlock()).hasToString("32:128");
        assertThat(d.loginGraceTime()).isEqualTo(Duration.ofSeconds(30));
        assertThat(d.maxAuthTries()).isEqualTo(6);
        assertThat(d.backlog()).isEqualTo(1024);
        assertThat(d.penalties().authfail()).isEqualTo(Duration.ofSeconds(5));
        assertThat(d.penalties().noauth()).isEqualTo(Duration.ofSeconds(1));
        assertThat(d.penalties().graceExceeded()).isEqualTo(Duration.ofSeconds(10));
        assertThat(d.penalties().max()).isEqualTo(Duration.ofMinutes(10));
        assertThat(d.penalties().min()).isEqualTo(Duration.ofSeconds(15));
    }

    @Test
    void maxStartupsReadsAsOpenSshDoes() {
        assertThat(MaxStartups.parse("10:30:60")).isEqualTo(new MaxStartups(10, 30, 60));
        assertThat(MaxStartups.parse("20")).isEqualTo(new MaxStartups(20, 100, 20));
        assertThatThrownBy(() -> MaxStartups.parse("30:10:20")).hasMessageContaining("begin <= full");
        assertThatThrownBy(() -> MaxStartups.parse("ten")).hasMessageContaining("expected e.g. 10:30:100");
        assertThat(NetBlock.parse("24:64")).isEqualTo(new NetBlock(24, 64));
        assertThatThrownBy(() -> NetBlock.parse("33:128")).hasMessageContaining("0..32");
    }

    @Test
    void everyBadValueIsReportedAtOnce() {
        assertThatThrownBy(() -> new LimitsConfig(MaxStartups.DEFAULT, 0, NetBlock.DEFAULT, Duration.ZERO, 0, 0,
                LimitsConfig.PenaltyConfig.DEFAULT))
                .isInstanceOfSatisfying(ConfigException.class, e -> assertThat(e.errors()).containsExactly(
                        "limits.perSourceMaxStartups: 0, expected at least 1",
                        "limits.loginGraceTime: PT0S, expected a positive duration such as 30s",
                        "limits.maxAuthTries: 0, expected at least 1",
                        "limits.backlog: 0, expected 1..65535"));
    }
}
