package org.jumpgate.jobs;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class HostlistTest {

    @Test
    void expandsRangesAndSinglesInsideBracketsAndNamesOutside() {
        assertThat(Hostlist.expand("cn-a[001-003,010],cn-b07"))
                .containsExactly("cn-a001", "cn-a002", "cn-a003", "cn-a010", "cn-b07");
    }

    @Test
    void plainNameIsItself() {
        assertThat(Hostlist.expand("cn-a001")).containsExactly("cn-a001");
    }

    @Test
    void zeroPaddingFollowsTheLowerBound() {
        assertThat(Hostlist.expand("n[08-11]")).containsExactly("n08", "n09", "n10", "n11");
        assertThat(Hostlist.expand("n[8-11]")).containsExactly("n8", "n9", "n10", "n11");
        assertThat(Hostlist.expand("n[1-3]")).containsExactly("n1", "n2", "n3");
        assertThat(Hostlist.expand("n[098-101]")).containsExactly("n098", "n099", "n100", "n101");
    }

    @Test
    void severalBracketGroupsGiveTheProductFirstGroupOutermost() {
        assertThat(Hostlist.expand("rack[1-2]-cn[01-02]"))
                .containsExactly("rack1-cn01", "rack1-cn02", "rack2-cn01", "rack2-cn02");
    }

    @Test
    void bracketGroupMayStandAloneOrEndTheName() {
        assertThat(Hostlist.expand("[1-2]x,y[3]")).containsExactly("1x", "2x", "y3");
    }

    @Test
    void blankIsNoHostsAndSurroundingWhitespaceIsIgnored() {
        assertThat(Hostlist.expand("  ")).isEmpty();
        assertThat(Hostlist.expand("  cn-a[1-2] \n")).containsExactly("cn-a1", "cn-a2");
    }

    @Test
    void expansionAtTheBoundIsAllowedAndOneMoreIsRefused() {
        assertThat(Hostlist.expand("n[1-" + Hostlist.MAX_HOSTS + "]")).hasSize(Hostlist.MAX_HOSTS);
        assertThatThrownBy(() -> Hostlist.expand("n[1-" + Hostlist.MAX_HOSTS + "],x"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("more than");
        assertThatThrownBy(() -> Hostlist.expand("a[1-1000]b[1-1000]"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("more than");
        assertThatThrownBy(() -> Hostlist.expand("a[0-999999999999]"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("more than");
    }

    @ParameterizedTest
    @ValueSource(strings = {"cn[1-3", "cn1-3]", "cn[]", "cn[a-b]", "cn[3-1]", "cn[1,,2]", "cn[-2]", "cn[1-]",
        "a,,b", ",a", "a,", "cn[[1-2]]", "cn[1-2-3]", "cn a", "cn|a", "cn[1 -2]", "(null)", "cn[1234567890123]"})
    void malformedInputIsRejectedWithTheExpressionInTheMessage(String expression) {
        assertThatThrownBy(() -> Hostlist.expand(expression))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("malformed hostlist '");
    }

    @Test
    void nullIsRejected() {
        assertThatThrownBy(() -> Hostlist.expand(null)).isInstanceOf(IllegalArgumentException.class);
    }
}
