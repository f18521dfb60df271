package org.jumpgate.radius;

import java.util.ArrayList;
import java.util.List;
import org.jumpgate.common.PrintableText;

/**
 * A reply's Reply-Message attributes made fit to show a user: the server's text is untrusted
 * (any bytes, many attributes), so each line is cut to printable ASCII and a bounded length, and
 * only the first lines are kept.
 */
final class ReplyMessages {

    /** Characters kept of one line (more are cut, with {@code ...}); one attribute holds at most 253 bytes. */
    static final int MAX_LINE_CHARS = 200;

    /** Lines kept of all the Reply-Messages of one reply; a line {@code ...} says more were cut. */
    static final int MAX_LINES = 10;

    static final String CUT = "...";

    private ReplyMessages() {
    }

    /**
     * The messages joined with {@code "\n"}: each split at its own line breaks (CR LF, CR or LF,
     * as servers send multi-line text), every line through {@link PrintableText}, blank lines at
     * the end of the whole dropped; {@code ""} when there is nothing to show.
     */
    static String join(List<String> messages) {
        List<String> lines = new ArrayList<>();
        for (String m : messages) {
            for (String line : m.split("\r\n|\r|\n", -1)) {
                lines.add(PrintableText.of(line, MAX_LINE_CHARS).stripTrailing());
            }
        }
        while (!lines.isEmpty() && lines.get(lines.size() - 1).isEmpty()) {
            lines.remove(lines.size() - 1);
        }
        if (lines.size() > MAX_LINES) {
            lines = new ArrayList<>(lines.subList(0, MAX_LINES));
            lines.add(CUT);
        }
        return String.join("\n", lines);
    }
}
