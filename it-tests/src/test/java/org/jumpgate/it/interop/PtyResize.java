package org.jumpgate.it.interop;

import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import org.awaitility.core.ConditionTimeoutException;
import org.jumpgate.it.fixture.TmuxTerminal;

/**
 * The pty cell for terminal clients (ssh, plink, dbclient) in a {@link TmuxTerminal}: a shell on
 * the login node, {@code stty size}, a resize of the terminal (SIGWINCH to the client, which
 * sends {@code window-change}), {@code stty size} again until the new size shows or a timeout.
 */
final class PtyResize {

    static final int ROWS = 24;
    static final int COLUMNS = 80;
    static final int NEW_ROWS = 40;
    static final int NEW_COLUMNS = 120;

    private static final Pattern SIZE = Pattern.compile("\\d+ \\d+");
    private static final Duration EXIT = Duration.ofSeconds(20);

    private PtyResize() {
    }

    /**
     * In a terminal of {@value #ROWS}x{@value #COLUMNS} whose client asks for the code on the
     * terminal ({@code typedCode}; null when the client asks elsewhere, e.g. ssh's askpass):
     * types the code, then returns the sizes the remote {@code stty size} printed, first before
     * the resize, last after it. Ends the shell with {@code exit}.
     */
    static List<String> sizes(TmuxTerminal tty, String typedCode) {
        if (typedCode != null) {
            tty.awaitScreen("Verification code: ");
            tty.typeLine(typedCode);
        }
        tty.sync();
        tty.typeLine("stty size");
        // the first answer must be on the screen before the resize, or it could show the new size
        List<String> seen = new ArrayList<>();
        try {
            await("remote stty size answers").atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(100))
                    .until(() -> {
                        tty.sync();
                        return !sizeLines(tty.screen()).isEmpty();
                    });
            seen.add(sizeLines(tty.screen()).get(0));
        } catch (ConditionTimeoutException e) {
            // reported by the caller's assertion on the sizes
        }
        tty.resize(NEW_ROWS, NEW_COLUMNS);
        String after = NEW_ROWS + " " + NEW_COLUMNS;
        try {
            // the client may read the next keys before it handles SIGWINCH: ask again until the size shows
            await("remote stty size shows " + after).atMost(Duration.ofSeconds(20)).pollDelay(Duration.ZERO)
                    .pollInterval(Duration.ofMillis(200)).until(() -> {
                        tty.typeLine("stty size");
                        tty.sync();
                        List<String> now = sizeLines(tty.screen());
                        return !now.isEmpty() && now.get(now.size() - 1).equals(after);
                    });
        } catch (ConditionTimeoutException e) {
            // reported by the caller's assertion on the sizes
        }
        List<String> all = sizeLines(tty.screen());
        if (!all.isEmpty()) {
            seen.add(all.get(all.size() - 1));
        }
        tty.typeLine("exit");
        tty.awaitExit(EXIT);
        return seen;
    }

    private static List<String> sizeLines(String screen) {
        return screen.lines().map(String::strip).filter(l -> SIZE.matcher(l).matches()).toList();
    }
}
