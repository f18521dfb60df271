package org.jumpgate.relay;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ReplyQueueTest {

    private final List<Boolean> sent = new ArrayList<>();
    private final ReplyQueue queue = new ReplyQueue(sent::add);

    @Test
    void localAnswerWaitsForAnEarlierForwardedRequest() {
        queue.expectRemote();   // pty-req forwarded
        queue.local(false);     // env refused here
        assertThat(sent).isEmpty();
        queue.remote(true);
        assertThat(sent).containsExactly(true, false);
    }

    @Test
    void remoteRepliesAreMatchedOldestFirst() {
        queue.expectRemote();
        queue.expectRemote();
        queue.remote(false);
        queue.remote(true);
        assertThat(sent).containsExactly(false, true);
    }

    @Test
    void unexpectedRemoteReplyIsReported() {
        assertThat(queue.remote(true)).isFalse();
        assertThat(sent).isEmpty();
    }

    @Test
    void envFilterAcceptsLikeSshdAcceptEnv() {
        EnvFilter f = new EnvFilter(List.of("LANG", "LC_*"));
        assertThat(f.accepts("LANG")).isTrue();
        assertThat(f.accepts("LC_ALL")).isTrue();
        assertThat(f.accepts("LD_PRELOAD")).isFalse();
        assertThat(f.accepts("LANGUAGE")).isFalse();
        assertThat(f.accepts("")).isFalse();
    }
}
