package org.jumpgate.limits;

import static org.assertj.core.api.Assertions.assertThat;

import org.jumpgate.common.Cidr;
import org.jumpgate.limits.LimitsConfig.MaxStartups;
import org.junit.jupiter.api.Test;

class StartupsTest {

    @Test
    void belowBeginEveryConnectionIsAccepted() {
        Startups s = new Startups(new MaxStartups(10, 30, 100), 100, n -> 0); // 0 would drop whenever p > 0
        for (int i = 0; i < 10; i++) {
            assertThat(s.tryTakeGlobal()).isNull();
        }
        assertThat(s.tryTakeGlobal()).as("at begin, p = 30%% and the draw is 0").isEqualTo(Startups.Refusal.RANDOM_DROP);
    }

    @Test
    void dropProbabilityRisesLinearlyFromRateAtBeginToAllAtFull() {
        // OpenSSH: p = rate + (100 - rate) * (n - begin) / (full - begin); dropped when draw < p
        Startups s = new Startups(new MaxStartups(10, 30, 100), 1000, n -> 64);
        for (int i = 0; i < 55; i++) {
            s.tryTakeGlobal();
        }
        assertThat(s.total()).as("a draw of 64 is not below p while at most 54 are open (p = 64 at 54, 65 at 55)").isEqualTo(55);
        assertThat(s.tryTakeGlobal()).isEqualTo(Startups.Refusal.RANDOM_DROP);
    }

    private static Startups filled(int n) {
        Startups s = new Startups(new MaxStartups(10, 30, 100), 1000, bound -> 99);
        for (int i = 0; i < n; i++) {
            s.tryTakeGlobal();
        }
        return s;
    }

    @Test
    void atFullEveryConnectionIsRefused() {
        Startups s = filled(99);
        assertThat(s.tryTakeGlobal()).isNull();
        assertThat(s.tryTakeGlobal()).isEqualTo(Startups.Refusal.FULL);
        s.releaseGlobal();
        assertThat(s.tryTakeGlobal()).isNull();
    }

    @Test
    void oneSourceHoldsAtMostItsShare() {
        Startups s = new Startups(MaxStartups.DEFAULT, 3, n -> 99);
        Cidr a = Cidr.parse("192.0.2.7/32");
        Cidr b = Cidr.parse("192.0.2.8/32");
        for (int i = 0; i < 3; i++) {
            assertThat(s.tryTakeSource(a)).isNull();
        }
        assertThat(s.tryTakeSource(a)).isEqualTo(Startups.Refusal.PER_SOURCE);
        assertThat(s.tryTakeSource(b)).isNull();
        s.releaseSource(a);
        assertThat(s.of(a)).isEqualTo(2);
        assertThat(s.tryTakeSource(a)).isNull();
    }
}
