package org.jumpgate.balancer.pool;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.jumpgate.balancer.Backend;
import org.jumpgate.balancer.BackendConfig;
import org.jumpgate.balancer.BackendSelector.SessionHandle;
import org.jumpgate.balancer.BackendState;
import org.jumpgate.balancer.ProbeConfig;
import org.jumpgate.testing.LogCapture;
import org.jumpgate.testing.ManualClock;
import org.junit.jupiter.api.Test;

class BackendPoolTest {

    private final ManualClock time = new ManualClock(Instant.parse("2026-11-01T08:00:00Z"));
    private final BackendPool pool = BackendPool.create(2, 2, time);

    private static BackendConfig node(String name, String host) {
        return new BackendConfig(new Backend(name, host, 22));
    }

    private PoolMember member(String name) {
        return pool.member(name).orElseThrow();
    }

    @Test
    void riseAndFallDecideUpAndDownWithReasons() {
        pool.reconfigure(List.of(node("login-1", "10.0.0.11")));
        PoolMember m = member("login-1");
        assertThat(m.view().state()).isEqualTo(BackendState.CHECKING);
        assertThat(m.view().reason()).isEqualTo("ssh: not probed yet");
        assertThat(m.view().takesBalanced()).isFalse();
        assertThat(m.view().state().acceptsPinned()).isFalse();

        m.sshPassed("SSH-2.0-OpenSSH_9.2");
        assertThat(m.view().state()).as("the first probe decides, rise is for a DOWN node")
                .isEqualTo(BackendState.UP);
        time.advance(Duration.ofSeconds(1));
        m.sshFailed("connection refused");
        assertThat(m.view().state()).isEqualTo(BackendState.UP);
        assertThat(m.view().reason()).isEqualTo("ssh: connection refused (1/2 to fall)");

        m.sshFailed("connection refused");
        assertThat(m.view().state()).isEqualTo(BackendState.DOWN);
        assertThat(m.view().checkedAt()).isEqualTo(time.instant());

        m.sshPassed("SSH-2.0-OpenSSH_9.2");
        assertThat(m.view().state()).isEqualTo(BackendState.DOWN);
        assertThat(m.view().reason()).isEqualTo("ssh: SSH-2.0-OpenSSH_9.2 (1/2 to rise)");
        m.sshPassed("SSH-2.0-OpenSSH_9.2");
        assertThat(m.view().state()).isEqualTo(BackendState.UP);
    }

    @Test
    void theLogSaysWhatTheFirstProbeDecidedAndNothingElse() {
        try (LogCapture log = LogCapture.of(DefaultMember.class.getName())) {
            pool.reconfigure(List.of(node("login-1", "10.0.0.11"), node("login-2", "10.0.0.12")));
            member("login-1").sshPassed("SSH-2.0-x");
            member("login-2").sshFailed("connection refused");
            member("login-2").sshFailed("connection refused");

            assertThat(log.messages()).containsExactly(
                    "backend login-1 (10.0.0.11:22) CHECKING -> UP: ssh: SSH-2.0-x",
                    "backend login-2 (10.0.0.12:22) CHECKING -> DOWN: ssh: connection refused");
        }
    }

    @Test
    void aNodeWhoseFirstProbeFailsIsDownAtOnce() {
        pool.reconfigure(List.of(node("login-1", "10.0.0.11")));
        PoolMember m = member("login-1");

        m.sshFailed("connection refused");

        assertThat(m.view().state()).isEqualTo(BackendState.DOWN);
        assertThat(m.view().reason()).isEqualTo("ssh: connection refused");
    }

    @Test
    void drainStopsNewSessionsButKeepsCountingLiveOnes() {
        pool.reconfigure(List.of(node("login-1", "10.0.0.11")));
        PoolMember m = member("login-1");
        m.sshPassed("SSH-2.0-x");
        SessionHandle live = m.sessionStarted();

        assertThat(m.drain()).isTrue();
        assertThat(m.drain()).isFalse();
        assertThat(m.view().state()).isEqualTo(BackendState.DRAIN);
        assertThat(m.view().reason()).startsWith("drained by operator; ");
        assertThat(m.view().takesBalanced()).isFalse();
        assertThat(m.view().sessions()).isEqualTo(1);

        assertThat(m.undrain()).isTrue();
        assertThat(m.view().state()).isEqualTo(BackendState.UP);
        live.close();
        live.close();
        assertThat(m.view().sessions()).isZero();
    }

    @Test
    void reconfigureKeepsCountsAndDrainOfKeptBackends() {
        pool.reconfigure(List.of(node("login-1", "10.0.0.11"), node("login-2", "10.0.0.12")));
        PoolMember one = member("login-1");
        one.sessionStarted();
        one.sessionStarted();
        one.drain();
        one.sshPassed("SSH-2.0-x");
        one.assigned();

        BackendPool.Change change = pool.reconfigure(List.of(
                new BackendConfig(new Backend("login-1", "10.0.0.11", 22, 200)), node("login-3", "10.0.0.13")));

        assertThat(change.added()).extracting(PoolMember::name).containsExactly("login-3");
        assertThat(change.removed()).extracting(PoolMember::name).containsExactly("login-2");
        assertThat(change.kept()).extracting(PoolMember::name).containsExactly("login-1");
        assertThat(pool.members()).extracting(PoolMember::name).containsExactly("login-1", "login-3");
        MemberView kept = member("login-1").view();
        assertThat(kept.sessions()).isEqualTo(2);
        assertThat(kept.assigned()).isEqualTo(1);
        assertThat(kept.drained()).isTrue();
        assertThat(kept.backend().weight()).isEqualTo(200);
        assertThat(kept.sshResult()).isEqualTo("SSH-2.0-x");
        assertThat(pool.member("login-2")).isEmpty();
    }

    @Test
    void newAddressForgetsOldProbeResults() {
        pool.reconfigure(List.of(node("login-1", "10.0.0.11")));
        member("login-1").sshFailed("refused");
        assertThat(member("login-1").view().state()).isEqualTo(BackendState.DOWN);

        pool.reconfigure(List.of(node("login-1", "10.0.0.99")));

        assertThat(member("login-1").view().state()).isEqualTo(BackendState.CHECKING);
        assertThat(member("login-1").view().sshResult()).isEqualTo("not probed yet");
    }

    @Test
    void removedBackendWithLiveSessionsComesBackWithThem() {
        pool.reconfigure(List.of(node("login-1", "10.0.0.11"), node("login-2", "10.0.0.12")));
        SessionHandle live = member("login-2").sessionStarted();
        pool.reconfigure(List.of(node("login-1", "10.0.0.11")));

        pool.reconfigure(List.of(node("login-1", "10.0.0.11"), node("login-2", "10.0.0.12")));
        assertThat(member("login-2").view().sessions()).isEqualTo(1);
        live.close();
        assertThat(member("login-2").view().sessions()).isZero();
    }

    @Test
    void duplicateNamesAreRefusedAndNothingChanges() {
        pool.reconfigure(List.of(node("login-1", "10.0.0.11")));

        assertThatThrownBy(() -> pool.reconfigure(List.of(node("login-2", "a"), node("login-2", "b"))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("backends: name 'login-2' appears twice, expected each backend name once");
        assertThat(pool.members()).extracting(PoolMember::name).containsExactly("login-1");
    }

    @Test
    void agentWordsStickUntilTheAgentRevertsThem() {
        pool.reconfigure(List.of(new BackendConfig(new Backend("login-1", "10.0.0.11", 22),
                ProbeConfig.agent("10.0.0.11:9777"))));
        PoolMember m = member("login-1");
        m.sshPassed("SSH-2.0-x");

        m.agentReplied(new AgentReply(AgentReply.Admin.DRAIN, null, 80, -1, null));
        assertThat(m.view().state()).isEqualTo(BackendState.DRAIN);
        m.agentReplied(new AgentReply(null, null, 60, -1, null));
        assertThat(m.view().state()).isEqualTo(BackendState.DRAIN);
        assertThat(m.view().agentPercent()).isEqualTo(60);
        m.agentReplied(new AgentReply(AgentReply.Admin.READY, null, -1, -1, null));
        assertThat(m.view().state()).isEqualTo(BackendState.UP);

        m.agentReplied(new AgentReply(null, AgentReply.Operational.DOWN, -1, -1, "disk full"));
        assertThat(m.view().state()).isEqualTo(BackendState.DOWN);
        assertThat(m.view().reason()).contains("agent said down").contains("#disk full");
        m.agentReplied(new AgentReply(null, null, 50, -1, null));
        assertThat(m.view().state()).isEqualTo(BackendState.DOWN);
        m.agentReplied(new AgentReply(null, AgentReply.Operational.UP, -1, -1, null));
        assertThat(m.view().state()).isEqualTo(BackendState.UP);

        m.agentReplied(new AgentReply(AgentReply.Admin.MAINT, null, -1, -1, null));
        assertThat(m.view().state()).isEqualTo(BackendState.MAINT);
        assertThat(m.view().state().acceptsPinned()).isFalse();
    }

    @Test
    void zeroAgentPercentShowsAsDrain() {
        pool.reconfigure(List.of(new BackendConfig(new Backend("login-1", "h", 22), ProbeConfig.agent("h:1"))));
        member("login-1").sshPassed("SSH-2.0-x");
        member("login-1").agentReplied(new AgentReply(null, null, 0, -1, null));

        assertThat(member("login-1").view().state()).isEqualTo(BackendState.DRAIN);
        assertThat(member("login-1").view().reason()).startsWith("weight 0; ");
    }

    @Test
    void maintWinsOverDownAndDownOverDrain() {
        pool.reconfigure(List.of(new BackendConfig(new Backend("login-1", "h", 22), ProbeConfig.agent("h:1"))));
        PoolMember m = member("login-1");
        m.drain();
        m.sshFailed("refused");
        assertThat(m.view().state()).isEqualTo(BackendState.DOWN);
        m.agentReplied(new AgentReply(AgentReply.Admin.MAINT, null, -1, -1, null));
        assertThat(m.view().state()).isEqualTo(BackendState.MAINT);
    }

    @Test
    void loadSampleResetsAssignedSinceProbe() {
        pool.reconfigure(List.of(new BackendConfig(new Backend("login-1", "h", 22),
                ProbeConfig.metrics("http://h:9100/metrics"))));
        PoolMember m = member("login-1");
        m.assigned();
        m.assigned();
        m.sshPassed("SSH-2.0-x");
        assertThat(m.view().assigned()).as("the SSH probe does not see load").isEqualTo(2);

        m.metricsReceived(new NodeMetrics(1.0, 4, 500, 1000));
        assertThat(m.view().assigned()).isZero();
        assertThat(m.view().loadAt()).isEqualTo(time.instant());
        assertThat(m.view().loadResult()).isEqualTo("load1 1.00 on 4 CPUs, memory 50% used");

        m.loadFailed("connect refused");
        assertThat(m.view().loadFailing()).isTrue();
        assertThat(m.view().reason()).endsWith("load: connect refused");
    }
}
