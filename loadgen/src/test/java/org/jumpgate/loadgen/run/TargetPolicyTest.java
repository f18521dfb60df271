package org.jumpgate.loadgen.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.util.List;
import org.jumpgate.config.Cidr;
import org.junit.jupiter.api.Test;

class TargetPolicyTest {

    @Test
    void loopbackIsAlwaysAllowed() throws Exception {
        assertThat(TargetPolicy.refusal(InetAddress.getByName("127.0.0.1"), List.of())).isNull();
        assertThat(TargetPolicy.refusal(InetAddress.getByName("127.3.2.1"), List.of())).isNull();
        assertThat(TargetPolicy.refusal(InetAddress.getByName("::1"), List.of())).isNull();
        assertThat(TargetPolicy.resolve("localhost", List.of()).isLoopbackAddress()).isTrue();
    }

    @Test
    void otherAddressesNeedAnAllowedBlock() throws Exception {
        InetAddress testHost = InetAddress.getByName("10.9.8.7");
        assertThat(TargetPolicy.refusal(testHost, List.of())).isEqualTo("10.9.8.7 is not loopback and not in an"
                + " allowed block; load may only go to our own test hosts (allow one with --allow-target CIDR)");
        assertThat(TargetPolicy.refusal(testHost, List.of(Cidr.parse("10.9.8.0/24")))).isNull();
        assertThat(TargetPolicy.refusal(testHost, List.of(Cidr.parse("10.9.9.0/24")))).contains("[10.9.9.0/24]");
        assertThatThrownBy(() -> TargetPolicy.resolve("192.0.2.1", List.of()))
                .isInstanceOf(TargetRefusedException.class).hasMessageStartingWith("target 192.0.2.1: 192.0.2.1 is not");
    }
}
