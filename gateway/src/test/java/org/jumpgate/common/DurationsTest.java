package org.jumpgate.common;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class DurationsTest {

    @Test
    void whatIsWrittenIsReadBack() {
        for (String written : new String[] {"500ms", "5s", "10m", "12h", "7d", "0s", "1500ms", "90s"}) {
            assertThat(Durations.show(Durations.parse(written))).isEqualTo(written);
        }
    }

    @Test
    void durationsAreShownInTheLargestExactUnitNeverAsIso() {
        assertThat(Durations.show(Duration.ofSeconds(120))).isEqualTo("2m");
        assertThat(Durations.show(Duration.ofMinutes(90))).isEqualTo("90m");
        assertThat(Durations.show(Duration.ofHours(48))).isEqualTo("2d");
        assertThat(Durations.show(Duration.ofMillis(1))).isEqualTo("1ms");
        assertThat(Durations.show(Duration.ofSeconds(5))).doesNotContain("PT");
    }

    @Test
    void aBadDurationSaysWhatWasExpected() {
        assertThatThrownBy(() -> Durations.parse("5 sec"))
                .hasMessage("'5 sec' is not a duration, expected e.g. 500ms, 5s, 10m, 12h");
    }
}
