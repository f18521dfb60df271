package org.jumpgate.common;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Objects;

/** An address block such as {@code 10.0.1.0/24} or {@code fd00::/8}; a bare address is a /32 or /128. */
public record Cidr(InetAddress network, int prefix) {

    public Cidr {
        Objects.requireNonNull(network, "network");
        int max = network.getAddress().length * 8;
        if (prefix < 0 || prefix > max) {
            throw new IllegalArgumentException("prefix /" + prefix + " is out of range, expected 0.." + max);
        }
    }

    /** Parses {@code addr/prefix} or {@code addr}; only literal addresses, never a DNS lookup. */
    public static Cidr parse(String text) {
        String s = text.trim();
        int slash = s.indexOf('/');
        String addr = slash < 0 ? s : s.substring(0, slash);
        if (!addr.matches("[0-9a-fA-F:.]+")) {
            throw new IllegalArgumentException("'" + text + "' is not an address block, expected e.g. 10.0.1.0/24");
        }
        InetAddress a;
        try {
            a = InetAddress.getByName(addr);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("'" + text + "' is not an address block, expected e.g. 10.0.1.0/24");
        }
        int max = a.getAddress().length * 8;
        int prefix;
        try {
            prefix = slash < 0 ? max : Integer.parseInt(s.substring(slash + 1));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("'" + text + "': prefix is not a number");
        }
        return new Cidr(a, prefix);
    }

    public boolean contains(InetAddress address) {
        byte[] n = network.getAddress();
        byte[] x = address.getAddress();
        if (n.length != x.length) {
            return false;
        }
        int bits = prefix;
        for (int i = 0; i < n.length && bits > 0; i++, bits -= 8) {
            int mask = bits >= 8 ? 0xff : (0xff << (8 - bits)) & 0xff;
            if ((n[i] & mask) != (x[i] & mask)) {
                return false;
            }
        }
        return true;
    }

    @Override
    public String toString() {
        return network.getHostAddress() + "/" + prefix;
    }
}
