package org.jumpgate.balancer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import org.junit.jupiter.api.Test;

class ProbeConfigTest {

    @Test
    void agentAddressIsSplitIntoHostAndPort() {
        assertThat(ProbeConfig.agent("10.0.0.11:9777")).isEqualTo(new ProbeConfig(null, "10.0.0.11", 9777));
        assertThat(ProbeConfig.agent("[fd00::11]:9777").agentHost()).isEqualTo("fd00::11");
    }

    @Test
    void metricsUrlMustBePlainHttpWithAHost() {
        assertThat(ProbeConfig.metrics("http://10.0.0.11:9100/metrics").metrics())
                .isEqualTo(URI.create("http://10.0.0.11:9100/metrics"));
        assertThatThrownBy(() -> ProbeConfig.metrics("https://10.0.0.11:9100/metrics"))
                .hasMessage("probe.metrics: 'https://10.0.0.11:9100/metrics', expected an http URL with a host, "
                        + "such as http://10.0.0.11:9100/metrics");
        assertThatThrownBy(() -> ProbeConfig.metrics("not a url")).hasMessageStartingWith("probe.metrics: 'not a url'");
    }

    @Test
    void badAgentAddressesAreRefusedWithTheValue() {
        assertThatThrownBy(() -> ProbeConfig.agent("10.0.0.11"))
                .hasMessage("probe.agent: '10.0.0.11', expected host:port such as 10.0.0.11:9777");
        assertThatThrownBy(() -> ProbeConfig.agent("h:x")).hasMessageStartingWith("probe.agent: 'h:x' has no numeric port");
        assertThatThrownBy(() -> ProbeConfig.agent("h:70000")).hasMessage("probe.agent: port 70000, expected 1..65535");
    }

    @Test
    void metricsAndAgentTogetherAreRefused() {
        assertThatThrownBy(() -> new ProbeConfig(URI.create("http://h/metrics"), "h", 1))
                .hasMessageContaining("expected at most one of them");
    }
}
