package org.jumpgate.balancer.pool;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class HealthTest {

    @Test
    void startsCheckingAndTheFirstFailureTakesItDown() {
        Health h = new Health(2, 3);
        assertThat(h.checking()).isTrue();
        assertThat(h.up()).isFalse();

        assertThat(h.failed()).isTrue();
        assertThat(h.checking()).isFalse();
        assertThat(h.up()).isFalse();
        assertThat(h.progress()).isEmpty();
    }

    @Test
    void theFirstPassBringsItUpWithoutWaitingForRise() {
        Health h = new Health(3, 3);

        assertThat(h.passed()).isTrue();
        assertThat(h.checking()).isFalse();
        assertThat(h.up()).isTrue();
    }

    @Test
    void provenBackendGoesDownAfterFallFailuresInARow() {
        Health h = new Health(2, 3);
        h.passed();

        assertThat(h.failed()).isFalse();
        assertThat(h.progress()).isEqualTo("1/3 to fall");
        assertThat(h.failed()).isFalse();
        assertThat(h.up()).isTrue();
        assertThat(h.failed()).isTrue();
        assertThat(h.up()).isFalse();
    }

    @Test
    void aPassBetweenFailuresResetsTheFallCount() {
        Health h = new Health(2, 2);
        h.passed();
        h.failed();
        h.passed();
        h.failed();

        assertThat(h.up()).isTrue();
    }

    @Test
    void downBackendComesUpAfterRisePassesInARow() {
        Health h = new Health(3, 1);
        h.failed();

        assertThat(h.passed()).isFalse();
        assertThat(h.passed()).isFalse();
        assertThat(h.progress()).isEqualTo("2/3 to rise");
        h.failed();
        assertThat(h.progress()).isEmpty();
        h.passed();
        h.passed();
        assertThat(h.passed()).isTrue();
        assertThat(h.up()).isTrue();
    }
}
