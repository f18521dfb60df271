package org.jumpgate.auth;

import java.net.InetAddress;
import org.jumpgate.common.Cidr;
import org.jumpgate.common.Glob;

/**
 * OpenSSH {@code from="..."} pattern lists, by address: {@code 10.0.0.*}, {@code 10.0.0.0/24},
 * {@code !192.0.2.1}. A negated match refuses; host name patterns are not resolved (addresses only).
 */
final class HostPatterns {

    private HostPatterns() {
    }

    static boolean matches(String list, InetAddress source) {
        String addr = source.getHostAddress();
        boolean matched = false;
        for (String raw : list.replace("\"", "").split(",")) {
            String p = raw.trim();
            boolean negate = p.startsWith("!");
            if (negate) {
                p = p.substring(1);
            }
            if (p.isEmpty()) {
                continue;
            }
            boolean hit;
            if (p.contains("/")) {
                try {
                    hit = Cidr.parse(p).contains(source);
                } catch (IllegalArgumentException e) {
                    hit = false;
                }
            } else {
                hit = Glob.matches(p, addr);
            }
            if (hit && negate) {
                return false;
            }
            matched |= hit;
        }
        return matched;
    }
}
