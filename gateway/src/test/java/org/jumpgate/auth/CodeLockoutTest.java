package org.jumpgate.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
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

    /** A fleet's lockouts in memory: what one gateway publishes, all see. */
    private static final class Fleet implements SharedLockouts {
        final Map<String, Instant> locks = new ConcurrentHashMap<>();

        @Override
        public Instant lockedUntil(String user) {
            return locks.get(user);
        }

        @Override
        public void publish(String user, Instant until, Duration lock) {
            locks.merge(user, until, (a, b) -> a.isAfter(b) ? a : b);
        }
    }

    @Test
    void aLockIsPublishedToTheFleetAndKeptByEveryGateway() {
        Fleet fleet = new Fleet();
        CodeLockout gw1 = new CodeLockout(clock, fleet);
        CodeLockout gw2 = new CodeLockout(clock, fleet);
        for (int i = 0; i < 4; i++) {
            assertThat(gw1.wrongCode("alice")).isFalse();
        }
        assertThat(fleet.locks).as("nothing published before the lock").isEmpty();
        assertThat(gw1.wrongCode("alice")).isTrue();
        assertThat(gw2.lockedFor("alice")).as("locked on the other gateway").isEqualTo(Duration.ofMinutes(5));
        assertThat(gw2.lockedFor("bob")).isNull();
        clock.advance(Duration.ofMinutes(5));
        assertThat(gw2.lockedFor("alice")).isNull();
        assertThat(gw1.lockedFor("alice")).isNull();
    }
}
