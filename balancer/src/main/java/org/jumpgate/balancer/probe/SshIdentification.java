package org.jumpgate.balancer.probe;

/**
 * Classifies one line an SSH server sent before its key exchange (RFC 4253 section 4.2): the
 * identification {@code SSH-2.0-softwareversion [comments]} (or {@code SSH-1.99-}, which also
 * speaks 2.0), a line of text an sshd may send before it, or garbage.
 */
final class SshIdentification {

    /** What a line is. */
    enum Kind { IDENTIFICATION, OTHER_LINE, GARBAGE }

    /** A classified line: the identification, or the reason it is garbage. */
    record Line(Kind kind, String text) {
    }

    private SshIdentification() {
    }

    /** Classifies {@code line}, given without its line end (a trailing CR is dropped here). */
    static Line classify(String line) {
        String s = line.endsWith("\r") ? line.substring(0, line.length() - 1) : line;
        if (!s.startsWith("SSH-")) {
            for (int i = 0; i < s.length(); i++) {
                char c = s.charAt(i);
                if (c < 0x20 && c != '\t' || c == 0x7f) {
                    return new Line(Kind.GARBAGE, "binary data instead of an SSH identification (byte 0x"
                            + Integer.toHexString(c) + " at " + i + ")");
                }
            }
            return new Line(Kind.OTHER_LINE, s);
        }
        String version = s.startsWith("SSH-2.0-") ? "2.0" : s.startsWith("SSH-1.99-") ? "1.99" : null;
        if (version == null) {
            int dash = s.indexOf('-', 4);
            String proto = dash < 0 ? s.substring(4) : s.substring(4, dash);
            return new Line(Kind.GARBAGE, "SSH protocol version '" + printable(proto) + "' is not 2.0");
        }
        String software = s.substring(5 + version.length());
        int space = software.indexOf(' ');
        String name = space < 0 ? software : software.substring(0, space);
        if (name.isEmpty()) {
            return new Line(Kind.GARBAGE, "SSH identification without a software version: '" + printable(s) + "'");
        }
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < 0x20 || c > 0x7e) {
                return new Line(Kind.GARBAGE, "SSH identification with a non-printable byte 0x"
                        + Integer.toHexString(c) + " at " + i);
            }
        }
        return new Line(Kind.IDENTIFICATION, s);
    }

    /** {@code s} cut short and with non-printable characters escaped, safe for a reason string. */
    static String printable(String s) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < s.length() && out.length() < 64; i++) {
            char c = s.charAt(i);
            if (c >= 0x20 && c <= 0x7e) {
                out.append(c);
            } else {
                out.append(String.format("\\x%02x", (int) c & 0xff));
            }
        }
        return s.length() > 64 ? out + "..." : out.toString();
    }
}
