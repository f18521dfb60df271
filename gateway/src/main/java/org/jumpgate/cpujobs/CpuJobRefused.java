package org.jumpgate.cpujobs;

/** A CPU job the user cannot have now; the message is the one line they read. */
public final class CpuJobRefused extends Exception {

    private static final long serialVersionUID = 1L;

    public CpuJobRefused(String line) {
        super(line, null, false, false);
    }
}
