package org.jumpgate.keys;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;

/** Small helpers shared by the key files of this package. */
final class Keys {

    private Keys() {
    }

    /** {@code jumpgate@HOST}: the comment written into new key files. */
    static String defaultComment() {
        return "jumpgate@" + org.jumpgate.common.HostNames.local();
    }

    /** The comment of a {@code .pub} file (third field), or {@code dflt}. */
    static String commentOf(Path pub, String dflt) throws IOException {
        if (!Files.exists(pub)) {
            return dflt;
        }
        String[] parts = Files.readString(pub).trim().split("\\s+", 3);
        return parts.length == 3 ? parts[2] : "no comment";
    }
}
