package org.jumpgate.it.gateway;

import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The metric names a PromQL expression (as the dashboard and the alert rules write them) reads:
 * every identifier that is not a function, a keyword, a label (inside braces or a by/without/on/
 * ignoring/group list) or part of a number, duration or string. Grafana's {@code $variables}
 * sit inside braces or ranges and so are never taken for names; {@code label_values(METRIC, LABEL)}
 * (a Grafana variable query) reads METRIC.
 */
final class PromQlNames {

    private static final Set<String> KEYWORDS = Set.of("by", "without", "on", "ignoring", "group_left",
            "group_right", "bool", "and", "or", "unless", "offset", "inf", "nan", "Inf", "NaN");
    private static final Pattern STRING = Pattern.compile("\"(\\\\.|[^\"\\\\])*\"|'(\\\\.|[^'\\\\])*'|`[^`]*`");
    private static final Pattern MATCHERS = Pattern.compile("\\{[^}]*\\}");
    private static final Pattern RANGE = Pattern.compile("\\[[^\\]]*\\]");
    private static final Pattern LABEL_LIST = Pattern.compile(
            "\\b(by|without|on|ignoring|group_left|group_right)\\s*\\([^)]*\\)");
    private static final Pattern IDENTIFIER = Pattern.compile("(?<![A-Za-z0-9_:.$])[A-Za-z_:][A-Za-z0-9_:]*");
    private static final Pattern LABEL_VALUES = Pattern.compile("^\\s*label_values\\(\\s*([A-Za-z_:][A-Za-z0-9_:]*)");

    private PromQlNames() {
    }

    static Set<String> in(String expression) {
        Set<String> names = new TreeSet<>();
        Matcher lv = LABEL_VALUES.matcher(expression);
        if (lv.find()) {
            names.add(lv.group(1));
            return names;
        }
        String s = STRING.matcher(expression).replaceAll(" ");
        s = MATCHERS.matcher(s).replaceAll(" ");
        s = RANGE.matcher(s).replaceAll(" ");
        s = LABEL_LIST.matcher(s).replaceAll(" ");
        Matcher m = IDENTIFIER.matcher(s);
        while (m.find()) {
            String id = m.group();
            int after = m.end();
            while (after < s.length() && Character.isWhitespace(s.charAt(after))) {
                after++;
            }
            boolean function = after < s.length() && s.charAt(after) == '(';
            if (!function && !KEYWORDS.contains(id)) {
                names.add(id);
            }
        }
        return names;
    }
}
