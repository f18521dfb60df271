package org.jumpgate.demo;

import static org.assertj.core.api.Assertions.assertThat;

import org.apache.sshd.common.util.net.SshdSocketAddress;
import org.apache.sshd.server.forward.TcpForwardingFilter.Type;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/** The demo nodes forward on loopback only, and never X11. */
class LoopbackForwardingTest {

    private final LoopbackForwarding filter = new LoopbackForwarding();

    @ParameterizedTest
    @ValueSource(strings = {"localhost", "LOCALHOST", "127.0.0.1", "127.1.2.3", "::1", "[::1]", "0:0:0:0:0:0:0:1"})
    void loopbackTargetsAndListenAddressesAreAllowed(String host) {
        SshdSocketAddress a = new SshdSocketAddress(host, 8888);
        assertThat(filter.canConnect(Type.Direct, a, null)).isTrue();
        assertThat(filter.canListen(a, null)).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "0.0.0.0", "::", "*", "10.0.0.1", "192.168.1.1", "example.org", "login-1",
            "localhost.example.org", "127.0.0.1.example.org"})
    void anythingElseIsRefusedWithoutBeingResolved(String host) {
        SshdSocketAddress a = new SshdSocketAddress(host, 8888);
        assertThat(filter.canConnect(Type.Direct, a, null)).isFalse();
        assertThat(filter.canListen(a, null)).isFalse();
    }

    @Test
    void agentForwardingIsOfferedAndX11IsNot() {
        assertThat(filter.canForwardAgent(null, "auth-agent-req@openssh.com")).isTrue();
        assertThat(filter.canForwardX11(null, "x11-req")).isFalse();
    }
}
