package org.jumpgate.relay;

import java.util.List;
import java.util.regex.Pattern;

/** sshd's AcceptEnv: which environment variables a user may pass to the login node ({@code *}, {@code ?} globs). */
final class EnvFilter {

    /** Longer names are refused outright. */
    static final int MAX_NAME = 256;

    private final List<Pattern> patterns;

    EnvFilter(List<String> globs) {
        this.patterns = globs.stream().map(EnvFilter::glob).toList();
    }

    boolean accepts(String name) {
        if (name == null || name.isEmpty() || name.length() > MAX_NAME || name.indexOf('=') >= 0) {
            return false;
        }
        return patterns.stream().anyMatch(p -> p.matcher(name).matches());
    }

    private static Pattern glob(String g) {
        StringBuilder re = new StringBuilder();
        for (char c : g.toCharArray()) {
            switch (c) {
                case '*' -> re.append(".*");
                case '?' -> re.append('.');
                default -> re.append(Pattern.quote(String.valueOf(c)));
            }
        }
        return Pattern.compile(re.toString());
    }
}
