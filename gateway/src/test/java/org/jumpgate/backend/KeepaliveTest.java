package org.jumpgate.backend;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class KeepaliveTest {

    @Test
    void aNodeThatNeverAnswersIsHungAfterCountMaxTicks() {
        Keepalive k = new Keepalive(3);

        assertThat(k.tick()).hasValue(1);
        assertThat(k.tick()).hasValue(2);
        assertThat(k.tick()).isEmpty();
    }

    @Test
    void eachAnswerGivesCountMaxTicksFromTheKeepaliveItAnswered() {
        Keepalive k = new Keepalive(3);
        for (long n = 1; n <= 10; n++) {
            assertThat(k.tick()).hasValue(n);
            k.answered(n);
        }

        assertThat(k.tick()).hasValue(11);
        assertThat(k.tick()).hasValue(12);
        assertThat(k.tick()).as("none of 11, 12 answered, 3 ticks after 10's").isEmpty();
    }

    @Test
    void aLateAnswerCountsFromTheKeepaliveItAnswersNotFromWhenItCame() {
        Keepalive k = new Keepalive(3);
        k.tick();
        k.tick();
        k.answered(1);

        assertThat(k.tick()).hasValue(3);
        assertThat(k.tick()).isEmpty();
    }

    @Test
    void answersOutOfOrderNeverMoveBack() {
        Keepalive k = new Keepalive(2);
        k.tick();
        k.tick();
        k.answered(2);
        k.answered(1);

        assertThat(k.tick()).hasValue(3);
        assertThat(k.tick()).isEmpty();
    }
}
