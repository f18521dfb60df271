package org.jumpgate.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.jumpgate.testing.ManualClock;
import org.junit.jupiter.api.Test;

class CodeLockoutTest {

    private final ManualClock clock = new ManualClock();
    private final CodeLockout lockout = new CodeLockout(clock);

    @Test
    void fiveWrongCodesWithinTenMinutesLockTheUserForFiveMinutes() {
        for (int i = 0; i < 4; i++) {
            assertThat(lockout.wrongCode("alice")).isFalse();
            clock.advance(Duration.ofMinutes(2));
        }
        assertThat(lockout.lockedFor("alice")).isNull();
        assertThat(lockout.wrongCode("alice")).as("the fifth, 8 minutes after the first").isTrue();
        assertThat(lockout.lockedFor("alice")).isEqualTo(Duration.ofMinutes(5));
        assertThat(lockout.lockedFor("bob")).isNull();
        clock.advance(Duration.ofMinutes(4));
        assertThat(lockout.lockedFor("alice")).isEqualTo(Duration.ofMinutes(1));
        clock.advance(Duration.ofMinutes(1));
        assertThat(lockout.lockedFor("alice")).isNull();
    }

    @Test
    void wrongCodesFurtherApartThanTheWindowNeverLock() {
        for (int i = 0; i < 20; i++) {
            assertThat(lockout.wrongCode("alice")).isFalse();
            clock.advance(Duration.ofMinutes(3));
        }
        assertThat(lockout.lockedFor("alice")).isNull();
    }

    @Test
    void aRightCodeForgetsTheWrongOnes() {
        for (int i = 0; i < 4; i++) {
            lockout.wrongCode("alice");
        }
        lockout.rightCode("alice");
        assertThat(lockout.wrongCode("alice")).isFalse();
    }

    @Test
    void aLockedUserIsToldForHowLongInWholeMinutes() {
        assertThat(TotpFactor.lockedLine(Duration.ofSeconds(299))).isEqualTo(
                "Too many wrong verification codes for this account: codes are refused for the next 5 minutes."
                        + " Wait, then log in again.");
        assertThat(TotpFactor.lockedLine(Duration.ofSeconds(20))).contains("the next 1 minute.");
    }
}
