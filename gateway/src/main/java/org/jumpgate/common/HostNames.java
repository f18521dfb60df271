package org.jumpgate.common;

import java.io.IOException;
import java.net.InetAddress;

/** This machine's name, as the gateway names itself (certificate key ids, RADIUS NAS-Identifier, TOTP issuer). */
public final class HostNames {

    private HostNames() {
    }

    /** The host name, even when it does not resolve; {@code $HOSTNAME}, then {@code jumpgate}, when it cannot be had. */
    public static String local() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (IOException e) {
            String env = System.getenv("HOSTNAME");
            return env != null && !env.isBlank() ? env : "jumpgate";
        }
    }
}
