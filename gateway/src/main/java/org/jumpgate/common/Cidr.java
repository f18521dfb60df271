package org.jumpgate.common;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/** An address block such as {@code 10.0.1.0/24} or {@code fd00::/8}; a bare address is a /32 or /128. */
public record Cidr(InetAddress network, int prefix) {

    private static final Pattern IPV4 = Pattern.compile("(0|[1-9][0-9]{0,2})(\\.(0|[1-9][0-9]{0,2})){3}");
    private static final Pattern IPV6 = Pattern.compile("[0-9a-fA-F:][0-9a-fA-F:.]*");

    public Cidr {
        Objects.requireNonNull(network, "network");
        int max = network.getAddress().length * 8;
        if (prefix < 0 || prefix > max) {
            throw new IllegalArgumentException("prefix /" + prefix + " is out of range, expected 0.." + max);
        }
    }

    /**
     * Parses {@code addr/prefix} or {@code addr}; only literal addresses, never a DNS lookup (these
     * come from authorized_keys {@code from=} too, which users write): IPv4 as four decimal parts
     * without leading zeros (an ambiguous {@code 010.0.0.0} is octal to OpenSSH and glibc, decimal
     * to Java), IPv6 with at least one {@code :}.
     */
    public static Cidr parse(String text) {
        String s = text.trim();
        int slash = s.indexOf('/');
        String addr = slash < 0 ? s : s.substring(0, slash);
        InetAddress a = literal(addr).orElseThrow(() -> new IllegalArgumentException("'" + text
                + "' is not an address block, expected e.g. 10.0.1.0/24"));
        int max = a.getAddress().length * 8;
        int prefix;
        try {
            prefix = slash < 0 ? max : Integer.parseInt(s.substring(slash + 1));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("'" + text + "': prefix is not a number");
        }
        return new Cidr(a, prefix);
    }

    private static Optional<InetAddress> literal(String addr) {
        try {
            if (IPV4.matcher(addr).matches()) {
                String[] parts = addr.split("\\.");
                byte[] b = new byte[4];
                for (int i = 0; i < 4; i++) {
                    int v = Integer.parseInt(parts[i]);
                    if (v > 255) {
                        return Optional.empty();
                    }
                    b[i] = (byte) v;
                }
                return Optional.of(InetAddress.getByAddress(b));
            }
            // with a ':' and starting with a hex digit or ':', the JDK parses a literal or refuses it, never looks it up
            return addr.indexOf(':') >= 0 && IPV6.matcher(addr).matches() ? Optional.of(InetAddress.getByName(addr)) : Optional.empty();
        } catch (UnknownHostException e) {
            return Optional.empty();
        }
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
