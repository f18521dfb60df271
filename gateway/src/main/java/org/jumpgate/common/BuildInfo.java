package org.jumpgate.common;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

/**
 * What the build says about itself: the project version Maven wrote into
 * {@code org/jumpgate/common/build.properties} (resource filtering, no timestamp: builds stay
 * reproducible). The same value names the distribution ({@code jumpgate-VERSION.tar.gz}), answers
 * {@code jumpgate --version} and labels {@code jumpgate_build_info}.
 */
public final class BuildInfo {

    /** What {@link #version()} says when the resource is missing or unfiltered (an IDE build). */
    public static final String UNKNOWN = "unknown";

    private static final String VERSION = read();

    private BuildInfo() {
    }

    /** The project version of this build, e.g. {@code 0.1.0}; {@link #UNKNOWN} when it cannot tell. */
    public static String version() {
        return VERSION;
    }

    private static String read() {
        try (InputStream in = BuildInfo.class.getResourceAsStream("build.properties")) {
            if (in == null) {
                return UNKNOWN;
            }
            Properties p = new Properties();
            p.load(in);
            String v = p.getProperty("version", "").strip();
            return v.isEmpty() || v.startsWith("${") ? UNKNOWN : v;
        } catch (IOException e) {
            return UNKNOWN;
        }
    }
}
