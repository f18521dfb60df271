package org.jumpgate.common;

/** Untrusted text made safe to echo back to a user or to log: printable ASCII only, bounded. */
public final class PrintableText {

    private PrintableText() {
    }

    /**
     * {@code s} with every character outside printable ASCII replaced by {@code ?}, cut to
     * {@code max} characters with {@code ...} appended when cut; {@code ""} for null.
     */
    public static String of(String s, int max) {
        if (s == null) {
            return "";
        }
        StringBuilder b = new StringBuilder();
        s.codePoints().limit(max).forEach(c -> b.append(c >= 0x20 && c < 0x7f ? Character.toString(c) : "?"));
        return s.length() > max ? b + "..." : b.toString();
    }
}
