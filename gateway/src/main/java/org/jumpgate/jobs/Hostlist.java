package org.jumpgate.jobs;

import java.util.ArrayList;
import java.util.List;

/**
 * Expands Slurm hostlist expressions such as {@code cn-a[001-003,010],cn-b07} into node names.
 *
 * <p>Ranges are numeric and keep the zero padding of their lower bound ({@code [08-11]} gives
 * {@code 08, 09, 10, 11}); a name may hold several bracket groups ({@code rack[1-2]-cn[01-02]}
 * gives the product, first group outermost); commas outside brackets separate names. Anything
 * else is rejected with an {@link IllegalArgumentException} naming the offending spot, and an
 * expansion larger than {@link #MAX_HOSTS} is refused rather than truncated: callers fail closed.
 */
public final class Hostlist {

    /** The most node names one expression may expand to. */
    public static final int MAX_HOSTS = 65_536;
    /** The most digits a range bound may have (keeps arithmetic in {@code long}, names sane). */
    static final int MAX_DIGITS = 12;
    /** The longest expression accepted, in characters. */
    static final int MAX_LENGTH = 1 << 20;

    private Hostlist() {
    }

    /** The node names {@code expression} stands for, in order; empty for a blank expression. */
    public static List<String> expand(String expression) {
        if (expression == null) {
            throw new IllegalArgumentException("hostlist is null");
        }
        String expr = expression.strip();
        if (expr.isEmpty()) {
            return List.of();
        }
        if (expr.length() > MAX_LENGTH) {
            throw bad(expr, "longer than " + MAX_LENGTH + " characters");
        }
        List<List<List<String>>> names = new ArrayList<>();
        long total = 0;
        int start = 0;
        int depth = 0;
        for (int i = 0; i <= expr.length(); i++) {
            char c = i < expr.length() ? expr.charAt(i) : ',';
            if (c == '[') {
                depth++;
            } else if (c == ']') {
                depth--;
            } else if (c == ',' && depth == 0 || i == expr.length()) {
                List<List<String>> parts = parseName(expr, start, i);
                total += count(expr, parts);
                if (total > MAX_HOSTS) {
                    throw bad(expr, "expands to more than " + MAX_HOSTS + " names");
                }
                names.add(parts);
                start = i + 1;
            }
        }
        List<String> out = new ArrayList<>((int) total);
        for (List<List<String>> parts : names) {
            product(parts, 0, new StringBuilder(), out);
        }
        return List.copyOf(out);
    }

    /** One comma-free name as a list of segments: literal text, or the values of a bracket group. */
    private static List<List<String>> parseName(String expr, int from, int to) {
        if (from == to) {
            throw bad(expr, "empty name at offset " + from);
        }
        List<List<String>> parts = new ArrayList<>();
        int i = from;
        while (i < to) {
            char c = expr.charAt(i);
            if (c == '[') {
                int close = expr.indexOf(']', i);
                if (close < 0 || close > to) {
                    throw bad(expr, "'[' at offset " + i + " is not closed");
                }
                parts.add(parseGroup(expr, i + 1, close));
                i = close + 1;
            } else {
                int j = i;
                while (j < to && expr.charAt(j) != '[') {
                    char n = expr.charAt(j);
                    if (!isNameChar(n)) {
                        throw bad(expr, "unexpected '" + n + "' at offset " + j);
                    }
                    j++;
                }
                parts.add(List.of(expr.substring(i, j)));
                i = j;
            }
        }
        return parts;
    }

    /** The values of {@code lo-hi,n,...} between brackets, zero padded to each lower bound's width. */
    private static List<String> parseGroup(String expr, int from, int to) {
        if (from == to) {
            throw bad(expr, "empty brackets at offset " + (from - 1));
        }
        List<String> values = new ArrayList<>();
        for (String range : expr.substring(from, to).split(",", -1)) {
            int dash = range.indexOf('-');
            String lo = dash < 0 ? range : range.substring(0, dash);
            String hi = dash < 0 ? range : range.substring(dash + 1);
            long low = number(expr, lo);
            long high = number(expr, hi);
            if (low > high) {
                throw bad(expr, "range " + range + " runs backwards");
            }
            if (values.size() + (high - low + 1) > MAX_HOSTS) {
                throw bad(expr, "expands to more than " + MAX_HOSTS + " names");
            }
            String format = "%0" + lo.length() + "d";
            for (long n = low; n <= high; n++) {
                values.add(String.format(format, n));
            }
        }
        return values;
    }

    private static long number(String expr, String digits) {
        if (digits.isEmpty() || digits.length() > MAX_DIGITS || !digits.chars().allMatch(Hostlist::isDigit)) {
            throw bad(expr, "'" + digits + "' in brackets is not a number of 1 to " + MAX_DIGITS + " digits");
        }
        return Long.parseLong(digits);
    }

    private static long count(String expr, List<List<String>> parts) {
        long n = 1;
        for (List<String> part : parts) {
            n *= part.size();
            if (n > MAX_HOSTS) {
                throw bad(expr, "expands to more than " + MAX_HOSTS + " names");
            }
        }
        return n;
    }

    private static void product(List<List<String>> parts, int index, StringBuilder prefix, List<String> out) {
        if (index == parts.size()) {
            out.add(prefix.toString());
            return;
        }
        int mark = prefix.length();
        for (String value : parts.get(index)) {
            prefix.append(value);
            product(parts, index + 1, prefix, out);
            prefix.setLength(mark);
        }
    }

    private static boolean isDigit(int c) {
        return c >= '0' && c <= '9';
    }

    private static boolean isNameChar(char c) {
        return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || isDigit(c) || c == '-' || c == '.' || c == '_';
    }

    private static IllegalArgumentException bad(String expr, String why) {
        String shown = expr.length() > 80 ? expr.substring(0, 80) + "..." : expr;
        return new IllegalArgumentException("malformed hostlist '" + shown + "': " + why);
    }
}
