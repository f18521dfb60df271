package org.jumpgate.common;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.util.List;
import org.junit.jupiter.api.Test;

class CidrTest {

    @Test
    void blocksAndBareAddressesOfBothFamiliesAreRead() throws Exception {
        assertThat(Cidr.parse("10.0.1.0/24")).isEqualTo(new Cidr(InetAddress.getByName("10.0.1.0"), 24));
        assertThat(Cidr.parse(" 192.0.2.7 ").prefix()).isEqualTo(32);
        assertThat(Cidr.parse("fd00::/8").prefix()).isEqualTo(8);
        assertThat(Cidr.parse("::1").prefix()).isEqualTo(128);
        assertThat(Cidr.parse("10.0.1.0/24").contains(InetAddress.getByName("10.0.1.200"))).isTrue();
        assertThat(Cidr.parse("10.0.1.0/24").contains(InetAddress.getByName("10.0.2.1"))).isFalse();
    }

    /** Names (which would be looked up in DNS) and ambiguous or short IPv4 spellings are refused. */
    @Test
    void onlyUnambiguousLiteralsAreAddresses() {
        for (String s : List.of("beef/8", "abcd", "localhost", "010.0.0.0/8", "10.1/16", "0x0a000000/8",
                "256.0.0.0/8", "1.2.3.4.5", "", ".:", "fe80::1%eth0", "10.0.0.0 /8")) {
            assertThatThrownBy(() -> Cidr.parse(s)).as(s).isInstanceOf(IllegalArgumentException.class);
        }
    }

    @Test
    void aPrefixOutOfRangeSaysTheRange() {
        assertThatThrownBy(() -> Cidr.parse("10.0.0.0/33")).hasMessage("prefix /33 is out of range, expected 0..32");
        assertThatThrownBy(() -> Cidr.parse("10.0.0.0/x")).hasMessage("'10.0.0.0/x': prefix is not a number");
    }
}
