package org.jumpgate.loadgen.run;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** What each simulated user does. */
public enum Scenario {
    /** Connect, key exchange, authenticate, exec {@code true}, disconnect; repeated. */
    LOGIN("login", Metric.LOGIN),
    /** Hold pty shells; type a newline every interval and time the screen's answer. */
    INTERACTIVE("interactive", Metric.ECHO),
    /** Hold direct-tcpip channels to a target and move data through them. */
    JUMP("jump", Metric.FIRST_BYTE),
    /** Stream a file's worth of bytes into {@code cat > /dev/null} through a session; repeated. */
    BULK("bulk", Metric.TRANSFER);

    private final String label;
    private final Metric headline;

    Scenario(String label, Metric headline) {
        this.label = label;
        this.headline = headline;
    }

    public String label() {
        return label;
    }

    /** The latency a person looks at first for this scenario. */
    public Metric headline() {
        return headline;
    }

    public static Scenario parse(String text) {
        String t = text.trim().toLowerCase(Locale.ROOT);
        for (Scenario s : values()) {
            if (s.label.equals(t)) {
                return s;
            }
        }
        throw new IllegalArgumentException("scenario '" + text + "', expected one of "
                + Arrays.stream(values()).map(Scenario::label).collect(Collectors.joining(", ")));
    }

    @Override
    public String toString() {
        return label;
    }
}
