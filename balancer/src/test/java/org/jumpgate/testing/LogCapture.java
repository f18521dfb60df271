package org.jumpgate.testing;

import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.time.Duration;
import java.util.List;
import org.slf4j.LoggerFactory;

/**
 * What one logger says during a test, down to DEBUG, kept in memory and off the console: for
 * waiting on a step the gateway takes that nothing outside it can see. {@link #close()} puts the
 * logger back as it was. Shared through the balancer module's test-jar.
 */
public final class LogCapture implements AutoCloseable {

    private final Logger logger;
    private final Level level;
    private final boolean additive;
    private final ListAppender<ILoggingEvent> appender = new ListAppender<>();

    private LogCapture(String name) {
        logger = (Logger) LoggerFactory.getLogger(name);
        level = logger.getLevel();
        additive = logger.isAdditive();
        appender.setContext(logger.getLoggerContext());
        appender.start();
        logger.addAppender(appender);
        logger.setLevel(Level.DEBUG);
        logger.setAdditive(false);
    }

    /** Starts capturing the logger {@code name} (a class name for MINA-based classes). */
    public static LogCapture of(String name) {
        return new LogCapture(name);
    }

    /** The messages so far, formatted. */
    public List<String> messages() {
        synchronized (appender) { // AppenderBase appends under this lock
            return appender.list.stream().map(ILoggingEvent::getFormattedMessage).toList();
        }
    }

    /** The events so far, with their level and throwable, for asserting how something was logged. */
    public List<ILoggingEvent> events() {
        synchronized (appender) {
            return List.copyOf(appender.list);
        }
    }

    /** Waits (at most {@code limit}) until a message containing {@code text} has been logged. */
    public void awaitMessage(String text, Duration limit) {
        await().atMost(limit).until(() -> messages().stream().anyMatch(m -> m.contains(text)));
    }

    @Override
    public void close() {
        logger.detachAppender(appender);
        appender.stop();
        logger.setLevel(level);
        logger.setAdditive(additive);
    }
}
