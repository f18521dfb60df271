package org.jumpgate.loadgen.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import org.jumpgate.config.HostPort;
import org.junit.jupiter.api.Test;

class LoadPlanTest {

    @Test
    void defaultsAreBoundedInTime() {
        LoadPlan p = LoadPlan.builder(Scenario.LOGIN).build();
        assertThat(p.duration()).isEqualTo(LoadPlan.DEFAULT_DURATION);
        assertThat(p.hardLimit()).isEqualTo(p.duration().plus(p.timeout()).plus(LoadPlan.DEFAULT_CLOSE_GRACE));
        assertThat(p.counted()).isFalse();
    }

    @Test
    void everyProblemIsListedAtOnce() {
        assertThatThrownBy(() -> LoadPlan.builder(Scenario.JUMP).concurrency(0).rate(-1).duration(Duration.ofSeconds(5))
                .ramp(Duration.ofSeconds(10)).interval(Duration.ofMillis(1)).maxCount(-2).bulkBytes(0).build())
                .isInstanceOfSatisfying(InvalidPlanException.class, e -> assertThat(e.problems()).containsExactly(
                        "concurrency 0 is out of range, expected 1..20000",
                        "rate -1.0/s is out of range, expected 0 (no limit) .. 10000/s",
                        "max count -2 is negative, expected 0 (no limit) or more",
                        "ramp 10s is longer than the duration 5s",
                        "interval 1ms is too short, expected at least 10ms",
                        "the jump scenario needs a jump target (host:port the gateway connects to, e.g. cn-a001:22)",
                        "bulk size 0 bytes is out of range, expected 1..65536 MiB"));
    }

    @Test
    void aRunCannotBeUnbounded() {
        assertThatThrownBy(() -> LoadPlan.builder(Scenario.LOGIN).duration(Duration.ofHours(5)).build())
                .hasMessageContaining("duration 5h is out of range, expected more than 0 and at most 4h");
        assertThatThrownBy(() -> LoadPlan.builder(Scenario.LOGIN).duration(Duration.ofSeconds(30))
                .hardLimit(Duration.ofHours(1)).build())
                .hasMessageContaining("hard limit 1h is out of range, expected between the duration 30s and 10m more");
        assertThatThrownBy(() -> LoadPlan.builder(Scenario.LOGIN).duration(Duration.ofSeconds(30))
                .hardLimit(Duration.ofSeconds(10)).build())
                .hasMessageContaining("hard limit 10s is out of range");
    }

    @Test
    void aJumpTargetBelongsToTheJumpScenario() {
        assertThat(LoadPlan.builder(Scenario.JUMP).jumpTarget(new HostPort("cn-a001", 22)).build().jumpTarget())
                .isEqualTo(new HostPort("cn-a001", 22));
        assertThatThrownBy(() -> LoadPlan.builder(Scenario.LOGIN).jumpTarget(new HostPort("cn-a001", 22)).build())
                .hasMessage("a jump target is only used by the jump scenario, not login");
    }

    @Test
    void keyExchangeIsChosenByNameAndWeakOrUnknownOnesAreRefused() {
        assertThat(LoadPlan.builder(Scenario.LOGIN).build().kex()).isEmpty();
        assertThat(LoadPlan.builder(Scenario.LOGIN).kex(List.of("curve25519-sha256")).build().kex())
                .containsExactly("curve25519-sha256");
        assertThatThrownBy(() -> LoadPlan.builder(Scenario.LOGIN)
                .kex(List.of("diffie-hellman-group14-sha1", "curve9999")).build())
                .isInstanceOfSatisfying(InvalidPlanException.class, e -> assertThat(e.problems()).containsExactly(
                        "key exchange 'diffie-hellman-group14-sha1' is not supported, expected e.g. curve25519-sha256,"
                                + " sntrup761x25519-sha512@openssh.com, mlkem768x25519-sha256",
                        "key exchange 'curve9999' is not supported, expected e.g. curve25519-sha256,"
                                + " sntrup761x25519-sha512@openssh.com, mlkem768x25519-sha256"));
    }

    @Test
    void onlyJumpSessionsHoldSeveralChannelsWithinBounds() {
        assertThat(LoadPlan.builder(Scenario.JUMP).jumpTarget(new HostPort("cn-a001", 22)).channels(10).build().channels())
                .isEqualTo(10);
        assertThatThrownBy(() -> LoadPlan.builder(Scenario.INTERACTIVE).channels(2).build())
                .hasMessage("several channels per session are only held by the jump scenario, not interactive");
        assertThatThrownBy(() -> LoadPlan.builder(Scenario.JUMP).jumpTarget(new HostPort("cn-a001", 22)).channels(101).build())
                .hasMessage("channels 101 per session is out of range, expected 1..100");
    }

    @Test
    void scenariosParseByTheirNames() {
        assertThat(Scenario.parse("Interactive")).isEqualTo(Scenario.INTERACTIVE);
        assertThatThrownBy(() -> Scenario.parse("ddos"))
                .hasMessage("scenario 'ddos', expected one of login, interactive, jump, bulk");
    }
}
