package org.jumpgate.jobs;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ComputeNodesTest {

    private final ComputeNodes nodes = ComputeNodes.of("cn-*", "server.example.org");

    @Test
    void fullyQualifiedNameInTheComputeDomainMeansTheNode() {
        assertThat(nodes.nodeName("cn-a001.server.example.org")).contains("cn-a001");
        assertThat(nodes.nodeName("CN-A001.Server.Example.Org.")).contains("cn-a001");
        assertThat(nodes.nodeName("cn-a001")).contains("cn-a001");
    }

    @Test
    void nameInAnotherDomainIsNotAComputeNode() {
        assertThat(nodes.nodeName("cn-a001.evil.example")).isEmpty();
        assertThat(nodes.nodeName("cn-a001.server.example.org.evil.example")).isEmpty();
        assertThat(nodes.nodeName("x.cn-a001.server.example.org")).isEmpty();
    }

    @Test
    void nameNotMatchingThePatternIsNotAComputeNode() {
        assertThat(nodes.isComputeNode("login-1")).isFalse();
        assertThat(nodes.isComputeNode("10.0.1.1")).isFalse();
        assertThat(nodes.isComputeNode("")).isFalse();
        assertThat(nodes.isComputeNode(null)).isFalse();
        assertThat(nodes.isComputeNode(".server.example.org")).isFalse();
    }

    @Test
    void withoutDomainOnlyBareNamesAreComputeNodes() {
        ComputeNodes bare = ComputeNodes.of("cn-????", null);
        assertThat(bare.nodeName("cn-a001")).contains("cn-a001");
        assertThat(bare.nodeName("cn-a01")).isEmpty();
        assertThat(bare.nodeName("cn-a001.server.example.org")).isEmpty();
    }

    @Test
    void globStarMatchesAnyRunAndQuestionMarkExactlyOneCharacter() {
        assertThat(ComputeNodes.matches("cn-*", "cn-")).isTrue();
        assertThat(ComputeNodes.matches("cn-*", "cn-a001")).isTrue();
        assertThat(ComputeNodes.matches("cn-*", "xcn-a001")).isFalse();
        assertThat(ComputeNodes.matches("cn-????", "cn-a001")).isTrue();
        assertThat(ComputeNodes.matches("cn-????", "cn-a01")).isFalse();
        assertThat(ComputeNodes.matches("cn-????", "cn-a0001")).isFalse();
        assertThat(ComputeNodes.matches("*-*1", "cn-a001")).isTrue();
        assertThat(ComputeNodes.matches("*a*b*", "xaxxbx")).isTrue();
        assertThat(ComputeNodes.matches("*a*b", "xaxxbx")).isFalse();
        assertThat(ComputeNodes.matches("", "")).isTrue();
    }

    @Test
    void badPatternOrDomainIsRejectedNamingTheKey() {
        assertThatThrownBy(() -> ComputeNodes.of(" ", null)).hasMessageStartingWith("compute.pattern: ' '");
        assertThatThrownBy(() -> ComputeNodes.of("cn-*.example.org", null)).hasMessageStartingWith("compute.pattern:");
        assertThatThrownBy(() -> ComputeNodes.of("cn-*", ".example.org")).hasMessageStartingWith("compute.domain:");
        assertThatThrownBy(() -> ComputeNodes.of("cn-*", "a b")).hasMessageStartingWith("compute.domain:");
    }
}
