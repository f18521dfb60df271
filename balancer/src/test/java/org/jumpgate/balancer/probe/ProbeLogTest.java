package org.jumpgate.balancer.probe;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.spi.ILoggingEvent;
import io.netty.channel.ChannelException;
import java.net.ConnectException;
import java.net.SocketException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.jumpgate.testing.LogCapture;
import org.jumpgate.testing.ManualClock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

class ProbeLogTest {

    private static final String LOGGER = "org.jumpgate.balancer.probe.ProbeLogTest";
    private static final Duration INTERVAL = Duration.ofMillis(600); // 100 probes a minute

    private final ManualClock clock = new ManualClock(Instant.parse("2026-11-26T10:00:00Z"));
    private final LogCapture capture = LogCapture.of(LOGGER);
    private final ProbeLog log = new ProbeLog(LoggerFactory.getLogger(LOGGER), clock);

    @AfterEach
    void close() {
        capture.close();
    }

    private static ChannelException noDescriptors() {
        return new ChannelException("Failed to open a socket.", new SocketException("Too many open files"));
    }

    /** {@code n} failures of the SSH probe of login-1, one per probe interval. */
    private void failEveryInterval(int n, Throwable cause) {
        for (int i = 0; i < n; i++) {
            log.failed("login-1", "SSH", cause);
            clock.advance(INTERVAL);
        }
    }

    @Test
    void aHundredIdenticalFailuresAMinuteAreOneLineWithoutAStackTrace() {
        failEveryInterval(100, noDescriptors());

        assertThat(capture.events()).hasSize(1).first().satisfies(e -> {
            assertThat(e.getLevel()).isEqualTo(Level.WARN);
            assertThat(e.getFormattedMessage())
                    .isEqualTo("SSH probe of login-1 failed: Failed to open a socket (Too many open files)");
            assertThat(e.getThrowableProxy()).isNull();
        });
    }

    @Test
    void aFailureThatGoesOnIsSummedUpOnceAMinuteWithItsCount() {
        failEveryInterval(301, noDescriptors()); // 3 minutes

        assertThat(capture.messages()).hasSize(4).element(1).isEqualTo("SSH probe of login-1 still failing: Failed to"
                + " open a socket (Too many open files) (100 more failures in 60s, 101 since 2026-11-26T10:00:00Z)");
        assertThat(capture.events()).allSatisfy(e -> assertThat(e.getThrowableProxy()).isNull());
    }

    @Test
    void passingAgainIsOneLineAndTheNextFailureIsLoggedAtOnce() {
        failEveryInterval(10, new ConnectException("Connection refused"));
        log.passed("login-1", "SSH");
        log.passed("login-1", "SSH");
        failEveryInterval(1, new ConnectException("Connection refused"));

        assertThat(capture.messages()).containsExactly(
                "SSH probe of login-1 failed: Connection refused",
                "SSH probe of login-1 passes again, after 10 failures since 2026-11-26T10:00:00Z",
                "SSH probe of login-1 failed: Connection refused");
    }

    @Test
    void eachBackendAndProbeIsCountedOnItsOwn() {
        log.failed("login-1", "SSH", new ConnectException("Connection refused"));
        log.failed("login-2", "SSH", new ConnectException("Connection refused"));
        log.failed("login-1", "load", new ProbeFailure("metrics: HTTP 500"));
        log.failed("login-1", "SSH", new ConnectException("Connection refused"));

        assertThat(capture.messages()).containsExactly(
                "SSH probe of login-1 failed: Connection refused",
                "SSH probe of login-2 failed: Connection refused",
                "load probe of login-1 failed: metrics: HTTP 500");
    }

    @Test
    void anUnexpectedExceptionCarriesItsStackTraceTheFirstTimeOnly() {
        failEveryInterval(201, new IllegalStateException("channel not registered to an event loop"));

        List<ILoggingEvent> events = capture.events();
        assertThat(events).hasSize(3);
        assertThat(events.get(0).getThrowableProxy()).isNotNull();
        assertThat(events.subList(1, 3)).allSatisfy(e -> assertThat(e.getThrowableProxy()).isNull());
    }

    @Test
    void aBackendNoLongerProbedIsForgotten() {
        log.failed("login-1", "SSH", new ConnectException("Connection refused"));
        log.forget("login-1");
        log.failed("login-1", "SSH", new ConnectException("Connection refused"));

        assertThat(capture.messages()).hasSize(2);
    }
}
