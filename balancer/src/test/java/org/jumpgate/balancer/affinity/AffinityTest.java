package org.jumpgate.balancer.affinity;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.jumpgate.testing.ManualClock;
import org.junit.jupiter.api.Test;

class AffinityTest {

    private final ManualClock time = new ManualClock(Instant.parse("2026-11-01T08:00:00Z"));
    private final Affinity affinity = Affinity.create(Duration.ofHours(12), time);

    @Test
    void userGoesBackToTheLastNodeWithinTheTtl() {
        affinity.remember("alice", "login-2");
        time.advance(Duration.ofHours(11));

        assertThat(affinity.nodeOf("alice")).contains("login-2");
        assertThat(affinity.nodeOf("bob")).isEmpty();
    }

    @Test
    void affinityIsForgottenAfterTheTtl() {
        affinity.remember("alice", "login-2");
        time.advance(Duration.ofHours(12).plusSeconds(1));

        assertThat(affinity.nodeOf("alice")).isEmpty();
        assertThat(affinity.size()).isZero();
    }

    @Test
    void ttlCountsFromTheEndOfTheLastSession() {
        affinity.remember("alice", "login-2");
        time.advance(Duration.ofHours(30));
        affinity.sessionEnded("alice", "login-2");
        time.advance(Duration.ofHours(11));

        assertThat(affinity.nodeOf("alice")).contains("login-2");
    }

    @Test
    void endOfAnOlderSessionElsewhereDoesNotMoveTheUser() {
        affinity.remember("alice", "login-1");
        affinity.remember("alice", "login-3");
        affinity.sessionEnded("alice", "login-1");

        assertThat(affinity.nodeOf("alice")).contains("login-3");
    }

    @Test
    void zeroTtlRemembersNothing() {
        Affinity none = Affinity.create(Duration.ZERO, time);
        none.remember("alice", "login-2");

        assertThat(none.nodeOf("alice")).isEmpty();
    }
}
