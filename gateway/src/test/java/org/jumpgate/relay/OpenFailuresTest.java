package org.jumpgate.relay;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.CompletionException;
import org.apache.sshd.common.SshConstants;
import org.apache.sshd.common.channel.exception.SshChannelOpenException;
import org.junit.jupiter.api.Test;

class OpenFailuresTest {

    private static SshChannelOpenException refusal(int code, String message) {
        return new SshChannelOpenException(0, code, message);
    }

    @Test
    void aRefusedConnectionKeepsTheLoginNodesOwnWords() {
        assertThat(OpenFailures.forwardRefused(
                new CompletionException(refusal(SshConstants.SSH_OPEN_CONNECT_FAILED, "Connection refused")),
                "login node login-1", "localhost:25081"))
                .isEqualTo("jumpgate: login node login-1 could not connect to localhost:25081 (Connection refused)");
    }

    @Test
    void aGenericDescriptionIsReplacedByWhatTheCodeMeans() {
        assertThat(OpenFailures.forwardRefused(
                refusal(SshConstants.SSH_OPEN_CONNECT_FAILED, "Generic error while opening channel: 0"),
                "login node login-1", "localhost:25081"))
                .isEqualTo("jumpgate: login node login-1 could not connect to localhost:25081"
                        + " (nothing listening there, or unreachable)")
                .doesNotContain("Generic");
    }

    @Test
    void aProhibitedForwardSaysTheLoginNodeDoesNotAllowIt() {
        assertThat(OpenFailures.forwardRefused(
                refusal(SshConstants.SSH_OPEN_ADMINISTRATIVELY_PROHIBITED, "open failed"),
                "login node login-2", "db.internal:5432"))
                .isEqualTo("jumpgate: login node login-2 does not allow forwarding to db.internal:5432");
    }

    @Test
    void anyOtherFailureNamesTheNodeAndTheTarget() {
        assertThat(OpenFailures.forwardRefused(new java.io.IOException("link closed"), "login node login-1",
                "localhost:8888"))
                .isEqualTo("jumpgate: login node login-1 could not open localhost:8888: link closed");
    }
}
