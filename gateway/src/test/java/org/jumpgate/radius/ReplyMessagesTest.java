package org.jumpgate.radius;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

class ReplyMessagesTest {

    @Test
    void severalReplyMessagesBecomeLinesOfOneText() {
        assertThat(ReplyMessages.join(List.of("Enter the code", "sent to your phone"))).isEqualTo(
                "Enter the code\nsent to your phone");
        assertThat(ReplyMessages.join(List.of())).isEmpty();
    }

    @Test
    void aServersOwnLineBreaksAreKeptAndTrailingBlankLinesDropped() {
        assertThat(ReplyMessages.join(List.of("Push sent.\r\nApprove it, then press Enter.\r\n", "\n")))
                .isEqualTo("Push sent.\nApprove it, then press Enter.");
    }

    @Test
    void controlCharactersAndNonAsciiNeverReachTheUser() {
        String hostile = "\u001b[2J\u001b]0;pwned\u0007Your token is locked\u00a0\u202e";
        assertThat(ReplyMessages.join(List.of(hostile))).isEqualTo("?[2J?]0;pwned?Your token is locked??")
                .matches("[\\x20-\\x7e]*");
    }

    @Test
    void longLinesAndManyLinesAreCut() {
        String line = "x".repeat(ReplyMessages.MAX_LINE_CHARS + 50);
        assertThat(ReplyMessages.join(List.of(line))).isEqualTo("x".repeat(ReplyMessages.MAX_LINE_CHARS) + "...");

        List<String> many = Collections.nCopies(ReplyMessages.MAX_LINES + 5, "line");
        String text = ReplyMessages.join(many);
        assertThat(text.split("\n")).hasSize(ReplyMessages.MAX_LINES + 1).endsWith("...");
        assertThat(text.length()).isLessThanOrEqualTo(
                ReplyMessages.MAX_LINES * (ReplyMessages.MAX_LINE_CHARS + 4) + ReplyMessages.CUT.length());
    }
}
