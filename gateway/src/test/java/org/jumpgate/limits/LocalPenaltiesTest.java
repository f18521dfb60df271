package org.jumpgate.limits;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.jumpgate.common.Cidr;
import org.jumpgate.limits.LimitsConfig.NetBlock;
import org.jumpgate.limits.LimitsConfig.PenaltyConfig;
import org.jumpgate.testing.ManualClock;
import org.junit.jupiter.api.Test;

class LocalPenaltiesTest {

    private final ManualClock clock = new ManualClock();
    private final List<Penalties.Activation> activations = new CopyOnWriteArrayList<>();

    private Penalties penalties(NetBlock blocks, List<Cidr> exempt) {
        return Penalties.local(PenaltyConfig.DEFAULT, blocks, exempt, clock, activations::add);
    }

    private static InetAddress ip(String a) throws Exception {
        return InetAddress.getByName(a);
    }

    @Test
    void failedLoginsAreRefusedOnlyOnceMoreThanMinIsOutstanding() throws Exception {
        Penalties p = penalties(NetBlock.DEFAULT, List.of());
        for (int i = 0; i < 3; i++) {
            p.penalise(ip("192.0.2.7"), Penalty.AUTHFAIL); // 5 s each: 15 s is not more than min 15 s
        }
        assertThat(p.refusal(ip("192.0.2.7"))).isNull();
        p.penalise(ip("192.0.2.7"), Penalty.AUTHFAIL);
        assertThat(p.refusal(ip("192.0.2.7"))).startsWith("penalty: failed authentication");
        assertThat(p.refusal(ip("192.0.2.8"))).as("another source").isNull();
        assertThat(activations).singleElement().satisfies(a -> {
            assertThat(a.block()).hasToString("192.0.2.7/32");
            assertThat(a.kind()).isEqualTo(Penalty.AUTHFAIL);
            assertThat(a.outstanding()).isEqualTo(Duration.ofSeconds(20));
        });
    }

    @Test
    void penaltyEndsWhenItsTimeIsUp() throws Exception {
        Penalties p = penalties(NetBlock.DEFAULT, List.of());
        for (int i = 0; i < 4; i++) {
            p.penalise(ip("192.0.2.7"), Penalty.AUTHFAIL);
        }
        clock.advance(Duration.ofSeconds(19));
        assertThat(p.refusal(ip("192.0.2.7"))).isNotNull();
        assertThat(p.active()).isEqualTo(1);
        clock.advance(Duration.ofSeconds(2));
        assertThat(p.refusal(ip("192.0.2.7"))).isNull();
        assertThat(p.active()).isZero();
    }

    @Test
    void accumulatedPenaltyIsCappedAtMax() throws Exception {
        Penalties p = penalties(NetBlock.DEFAULT, List.of());
        for (int i = 0; i < 1000; i++) {
            p.penalise(ip("192.0.2.7"), Penalty.GRACE_EXCEEDED);
        }
        clock.advance(Duration.ofMinutes(10).minusSeconds(1));
        assertThat(p.refusal(ip("192.0.2.7"))).isNotNull();
        clock.advance(Duration.ofSeconds(2));
        assertThat(p.refusal(ip("192.0.2.7"))).isNull();
        assertThat(activations).as("audited once per penalty, not per connection").hasSize(1);
    }

    @Test
    void aBlockIsPenalisedAsOneSource() throws Exception {
        Penalties p = penalties(new NetBlock(24, 64), List.of());
        for (int i = 1; i <= 4; i++) {
            p.penalise(ip("198.51.100." + i), Penalty.AUTHFAIL);
        }
        assertThat(p.refusal(ip("198.51.100.200"))).isNotNull();
        assertThat(p.refusal(ip("198.51.101.1"))).isNull();
        assertThat(activations).singleElement().satisfies(a -> assertThat(a.block()).hasToString("198.51.100.0/24"));
    }

    @Test
    void exemptSourcesAreNeverPenalised() throws Exception {
        Penalties p = penalties(NetBlock.DEFAULT, List.of(Cidr.parse("10.0.0.0/8")));
        for (int i = 0; i < 10; i++) {
            p.penalise(ip("10.1.2.3"), Penalty.GRACE_EXCEEDED);
        }
        assertThat(p.refusal(ip("10.1.2.3"))).isNull();
        assertThat(activations).isEmpty();
    }

    @Test
    void aFloodOfSourcesIsForgottenSoonestFirstInsteadOfGrowingMemory() throws Exception {
        Penalties p = penalties(NetBlock.DEFAULT, List.of());
        byte[] a = {10, 0, 0, 0};
        for (int i = 0; i < LocalPenalties.MAX_SOURCES + 10; i++) {
            a[1] = (byte) (i >> 16);
            a[2] = (byte) (i >> 8);
            a[3] = (byte) i;
            p.penalise(InetAddress.getByAddress(a), Penalty.GRACE_EXCEEDED);
            p.penalise(InetAddress.getByAddress(a), Penalty.GRACE_EXCEEDED); // 20 s: active
        }
        assertThat(p.active()).isEqualTo(LocalPenalties.MAX_SOURCES);
    }
}
