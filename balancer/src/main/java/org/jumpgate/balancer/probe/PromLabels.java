package org.jumpgate.balancer.probe;

import java.util.HashMap;
import java.util.Map;

/** The label set and value syntax of the Prometheus text format: {@code {a="x",b="y\"z"} 1.5e3}. */
final class PromLabels {

    /** Most labels on one sample; node_exporter puts two or three. */
    static final int MAX_LABELS = 32;

    /** Labels read from a line, and the index just after the closing brace. */
    record Parsed(Map<String, String> labels, int end) {
        String get(String name) {
            return labels.get(name);
        }
    }

    private PromLabels() {
    }

    /** Parses the label set that starts with {@code {} at {@code from}. */
    static Parsed parse(String line, int from, int lineNo) throws ProbeFailure {
        Map<String, String> labels = new HashMap<>();
        int i = from + 1;
        while (true) {
            i = skipSpaces(line, i);
            if (i >= line.length()) {
                throw malformed(lineNo, "unterminated label set");
            }
            if (line.charAt(i) == '}') {
                return new Parsed(labels, i + 1);
            }
            int eq = line.indexOf('=', i);
            if (eq < 0 || eq + 1 >= line.length() || line.charAt(eq + 1) != '"') {
                throw malformed(lineNo, "label without =\"value\"");
            }
            String name = line.substring(i, eq).trim();
            StringBuilder value = new StringBuilder();
            int j = eq + 2;
            for (; j < line.length() && line.charAt(j) != '"'; j++) {
                char c = line.charAt(j);
                if (c == '\\' && j + 1 < line.length()) {
                    char e = line.charAt(++j);
                    value.append(e == 'n' ? '\n' : e);
                } else {
                    value.append(c);
                }
            }
            if (j >= line.length()) {
                throw malformed(lineNo, "unterminated label value");
            }
            if (labels.size() >= MAX_LABELS) {
                throw malformed(lineNo, "more than " + MAX_LABELS + " labels");
            }
            labels.put(name, value.toString());
            i = skipSpaces(line, j + 1);
            if (i < line.length() && line.charAt(i) == ',') {
                i++;
            }
        }
    }

    /** A sample value: a float, {@code NaN}, {@code +Inf} or {@code -Inf}. */
    static double number(String text, int lineNo) throws ProbeFailure {
        switch (text) {
            case "+Inf", "Inf" -> {
                return Double.POSITIVE_INFINITY;
            }
            case "-Inf" -> {
                return Double.NEGATIVE_INFINITY;
            }
            case "NaN" -> {
                return Double.NaN;
            }
            default -> {
                if (text.isEmpty() || text.length() > 64 || !text.chars().allMatch(c -> c >= '0' && c <= '9'
                        || c == '.' || c == 'e' || c == 'E' || c == '+' || c == '-')) {
                    throw malformed(lineNo, "value '" + SshIdentification.printable(text) + "' is not a number");
                }
                try {
                    return Double.parseDouble(text);
                } catch (NumberFormatException e) {
                    throw malformed(lineNo, "value '" + text + "' is not a number");
                }
            }
        }
    }

    private static int skipSpaces(String line, int i) {
        while (i < line.length() && line.charAt(i) == ' ') {
            i++;
        }
        return i;
    }

    private static ProbeFailure malformed(int lineNo, String what) {
        return new ProbeFailure("metrics line " + lineNo + ": " + what);
    }
}
