package org.jumpgate.jump;

/** Untrusted text made safe to echo back or log: printable ASCII, bounded. */
final class KeyText {

    static final int MAX = 80;

    private KeyText() {
    }

    static String safe(String s) {
        if (s == null) {
            return "";
        }
        StringBuilder b = new StringBuilder();
        s.codePoints().limit(MAX).forEach(c -> b.append(c >= 0x20 && c < 0x7f ? Character.toString(c) : "?"));
        return s.length() > MAX ? b + "..." : b.toString();
    }
}
