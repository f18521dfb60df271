package org.jumpgate.jump;

import org.jumpgate.common.PrintableText;

/** Untrusted text made safe to echo back or log: printable ASCII, bounded. */
final class KeyText {

    static final int MAX = 80;

    private KeyText() {
    }

    static String safe(String s) {
        return PrintableText.of(s, MAX);
    }
}
