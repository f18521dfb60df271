package org.jumpgate.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import org.jumpgate.config.PathTemplate;
import org.jumpgate.testing.ManualClock;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TotpVerifierTest {

    @TempDir
    Path dir;

    private final ManualClock clock = new ManualClock(Instant.parse("2026-11-26T10:00:00Z"));
    private TotpVerifier verifier;
    private Totp totp;

    @BeforeEach
    void secret() throws Exception {
        String secret = Totp.newSecret();
        Files.writeString(dir.resolve("alice"), secret + "\n");
        Files.setPosixFilePermissions(dir.resolve("alice"), java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
        totp = Totp.fromBase32(secret);
        verifier = new TotpVerifier(new PathTemplate(dir.resolve("%u").toString()), clock);
    }

    @Test
    void currentCodeIsAccepted() {
        assertThat(verifier.verify("alice", totp.codeAt(clock.instant()))).isEqualTo(TotpVerifier.Outcome.ACCEPTED);
    }

    @Test
    void oneStepOfClockSkewEitherSideIsAccepted() {
        assertThat(verifier.verify("alice", totp.codeAt(clock.instant().minusSeconds(30))))
                .isEqualTo(TotpVerifier.Outcome.ACCEPTED);
        clock.advance(Duration.ofSeconds(60));
        assertThat(verifier.verify("alice", totp.codeAt(clock.instant().plusSeconds(30))))
                .isEqualTo(TotpVerifier.Outcome.ACCEPTED);
    }

    @Test
    void codesTwoStepsAwayAreWrong() {
        assertThat(verifier.verify("alice", totp.codeAt(clock.instant().minusSeconds(60))))
                .isEqualTo(TotpVerifier.Outcome.WRONG_CODE);
        assertThat(verifier.verify("alice", totp.codeAt(clock.instant().plusSeconds(60))))
                .isEqualTo(TotpVerifier.Outcome.WRONG_CODE);
    }

    @Test
    void aCodeAcceptedOnceIsNotAcceptedAgain() {
        String code = totp.codeAt(clock.instant());
        assertThat(verifier.verify("alice", code)).isEqualTo(TotpVerifier.Outcome.ACCEPTED);
        assertThat(verifier.verify("alice", code)).isEqualTo(TotpVerifier.Outcome.REPLAYED);
    }

    @Test
    void anOlderCodeAfterANewerOneIsRefused() {
        assertThat(verifier.verify("alice", totp.codeAt(clock.instant()))).isEqualTo(TotpVerifier.Outcome.ACCEPTED);
        assertThat(verifier.verify("alice", totp.codeAt(clock.instant().minusSeconds(30))))
                .isEqualTo(TotpVerifier.Outcome.REPLAYED);
    }

    @Test
    void nextStepWorksAfterTimeMoves() {
        assertThat(verifier.verify("alice", totp.codeAt(clock.instant()))).isEqualTo(TotpVerifier.Outcome.ACCEPTED);
        clock.advance(Duration.ofSeconds(30));
        assertThat(verifier.verify("alice", totp.codeAt(clock.instant()))).isEqualTo(TotpVerifier.Outcome.ACCEPTED);
    }

    @Test
    void userWithoutSecretFileIsRefused() {
        assertThat(verifier.verify("bob", "123456")).isEqualTo(TotpVerifier.Outcome.NO_SECRET);
    }

    @Test
    void userNamesThatCouldLeaveTheDirectoryAreRefused() {
        assertThat(verifier.verify("../alice", totp.codeAt(clock.instant()))).isEqualTo(TotpVerifier.Outcome.NO_SECRET);
    }
}
