package org.jumpgate.balancer.probe;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.jumpgate.balancer.pool.AgentReply;
import org.jumpgate.balancer.pool.AgentReply.Admin;
import org.jumpgate.balancer.pool.AgentReply.Operational;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class AgentReplyParserTest {

    @ParameterizedTest(name = "''{0}''")
    @CsvSource(delimiter = '|', nullValues = "-", value = {
        "up              | -     | UP      | -1  | -1  | -",
        "down            | -     | DOWN    | -1  | -1  | -",
        "fail            | -     | FAIL    | -1  | -1  | -",
        "stopped         | -     | STOPPED | -1  | -1  | -",
        "ready           | READY | -       | -1  | -1  | -",
        "drain           | DRAIN | -       | -1  | -1  | -",
        "maint           | MAINT | -       | -1  | -1  | -",
        "75%             | -     | -       | 75  | -1  | -",
        "0%              | -     | -       | 0   | -1  | -",
        "maxconn:30      | -     | -       | -1  | 30  | -",
        "up 75%          | -     | UP      | 75  | -1  | -",
        "UP 99%          | -     | UP      | 99  | -1  | -",
        "DRAIN 99%       | DRAIN | -       | 99  | -1  | -",
        "READY 100%\r    | READY | -       | 100 | -1  | -",
        "'up,ready,50%,maxconn:10' | READY | UP | 50 | 10 | -",
        "'up\tmaint'     | MAINT | UP      | -1  | -1  | -",
        "down#disk full  | -     | DOWN    | -1  | -1  | disk full",
        "'stopped #planned reboot' | - | STOPPED | -1 | -1 | planned reboot",
        "#just a note    | -     | -       | -1  | -1  | just a note",
        "drain ready     | READY | -       | -1  | -1  | -",
        "'  up  '        | -     | UP      | -1  | -1  | -",
        "down#a#b        | -     | DOWN    | -1  | -1  | a#b",
    })
    void everyReplyFormIsRead(String line, Admin admin, Operational op, int percent, int maxconn, String description)
            throws ProbeFailure {
        AgentReply reply = AgentReplyParser.parse(line.replace("\\r", "\r").replace("\\t", "\t"));

        assertThat(reply).isEqualTo(new AgentReply(admin, op, percent, maxconn, description));
    }

    @ParameterizedTest(name = "''{0}''")
    @ValueSource(strings = {"", "   ", ", ,"})
    void emptyReplyFails(String line) {
        assertThatThrownBy(() -> AgentReplyParser.parse(line)).isInstanceOf(ProbeFailure.class)
                .hasMessage("agent reply is empty");
    }

    @ParameterizedTest(name = "''{0}''")
    @ValueSource(strings = {"upp", "load 5", "HTTP/1.1 200 OK", "SSH-2.0-OpenSSH_9.2", "75 %"})
    void unknownWordFails(String line) {
        assertThatThrownBy(() -> AgentReplyParser.parse(line)).isInstanceOf(ProbeFailure.class)
                .hasMessageContaining("unknown word");
    }

    @ParameterizedTest(name = "''{0}''")
    @ValueSource(strings = {"%", "x%", "-5%", "1001%", "99999999999%", "maxconn:", "maxconn:-1", "maxconn:abc",
        "maxconn:1000001"})
    void badNumbersFail(String line) {
        assertThatThrownBy(() -> AgentReplyParser.parse(line)).isInstanceOf(ProbeFailure.class)
                .hasMessageContaining("agent reply word");
    }

    @Test
    void nonPrintableBytesFail() {
        assertThatThrownBy(() -> AgentReplyParser.parse("up\u0000")).isInstanceOf(ProbeFailure.class)
                .hasMessageContaining("non-printable byte 0x0");
        assertThatThrownBy(() -> AgentReplyParser.parse("up \u00ff")).isInstanceOf(ProbeFailure.class)
                .hasMessageContaining("non-printable byte 0xff");
    }

    @Test
    void summaryShowsWhatWasSaid() throws ProbeFailure {
        assertThat(AgentReplyParser.parse("DOWN 50% maxconn:3 #disk full").summary())
                .isEqualTo("down 50% maxconn:3 #disk full");
    }
}
