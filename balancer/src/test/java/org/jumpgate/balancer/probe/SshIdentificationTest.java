package org.jumpgate.balancer.probe;

import static org.assertj.core.api.Assertions.assertThat;

import org.jumpgate.balancer.probe.SshIdentification.Kind;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SshIdentificationTest {

    @ParameterizedTest
    @ValueSource(strings = {"SSH-2.0-OpenSSH_9.2p1 Debian-2+deb12u3", "SSH-2.0-x", "SSH-1.99-Cisco-1.25",
        "SSH-2.0-APACHE-SSHD-2.20.0"})
    void identificationIsRecognised(String line) {
        assertThat(SshIdentification.classify(line + "\r")).isEqualTo(new SshIdentification.Line(Kind.IDENTIFICATION, line));
    }

    @Test
    void textBeforeTheIdentificationIsAllowed() {
        assertThat(SshIdentification.classify("Welcome, this host is monitored").kind()).isEqualTo(Kind.OTHER_LINE);
        assertThat(SshIdentification.classify("").kind()).isEqualTo(Kind.OTHER_LINE);
    }

    @Test
    void sshOneIsRefused() {
        assertThat(SshIdentification.classify("SSH-1.5-OldServer"))
                .isEqualTo(new SshIdentification.Line(Kind.GARBAGE, "SSH protocol version '1.5' is not 2.0"));
    }

    @Test
    void missingSoftwareVersionIsGarbage() {
        assertThat(SshIdentification.classify("SSH-2.0- comment").kind()).isEqualTo(Kind.GARBAGE);
        assertThat(SshIdentification.classify("SSH-2.0-").kind()).isEqualTo(Kind.GARBAGE);
    }

    @Test
    void binaryBytesAreGarbageWithTheirPosition() {
        assertThat(SshIdentification.classify("\u0016\u0003\u0001").text()).isEqualTo(
                "binary data instead of an SSH identification (byte 0x16 at 0)");
        assertThat(SshIdentification.classify("SSH-2.0-x\u00e9").text()).contains("non-printable byte 0xe9 at 9");
    }

    @Test
    void printableEscapesAndShortens() {
        assertThat(SshIdentification.printable("a\u0001b")).isEqualTo("a\\x01b");
        assertThat(SshIdentification.printable("x".repeat(100))).hasSize(67).endsWith("...");
    }
}
