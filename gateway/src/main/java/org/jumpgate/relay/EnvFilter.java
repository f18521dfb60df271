package org.jumpgate.relay;

import java.util.List;
import org.jumpgate.common.Glob;

/** sshd's AcceptEnv: which environment variables a user may pass to the login node ({@code *}, {@code ?} globs). */
final class EnvFilter {

    /** Longer names are refused outright. */
    static final int MAX_NAME = 256;

    private final List<String> globs;

    EnvFilter(List<String> globs) {
        this.globs = List.copyOf(globs);
    }

    boolean accepts(String name) {
        if (name == null || name.isEmpty() || name.length() > MAX_NAME || name.indexOf('=') >= 0) {
            return false;
        }
        return globs.stream().anyMatch(g -> Glob.matches(g, name));
    }
}
