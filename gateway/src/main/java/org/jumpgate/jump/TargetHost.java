package org.jumpgate.jump;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * What a user typed as a jump target host, read the way the resolver on a login node would read
 * it (glibc {@code getaddrinfo}), but never resolved: an address in any spelling the resolver takes
 * as one, a host name of RFC 1123 syntax, or neither.
 *
 * <p>IPv4 is read as {@code inet_aton} reads it: one to four dot-separated parts, each decimal,
 * octal (leading {@code 0}) or hexadecimal ({@code 0x}), the last part filling the remaining bytes
 * ({@code 0x7f000003}, {@code 0177.0.0.3}, {@code 127.3} and {@code 2130706435} are all
 * {@code 127.0.0.3}). One trailing dot is ignored, also on an address (the resolver would send
 * {@code 127.0.0.3.} to DNS; it is taken as the address, which refuses more, never less).
 * Something made only of numbers that is not a valid address ({@code 1.2.3.4.5}, {@code 08.1},
 * {@code 4294967296}) is neither. IPv6 literals may be bracketed and may carry a zone
 * ({@code fe80::1%eth0}); an IPv4-mapped one ({@code ::ffff:127.0.0.3}) is its IPv4 address.
 */
sealed interface TargetHost {

    /** Longest host name (RFC 1035 §2.3.4, without the trailing dot). */
    int MAX_NAME_LENGTH = 253;
    /** Longest label of a host name. */
    int MAX_LABEL_LENGTH = 63;
    /** Longest IPv6 zone (a Linux interface name, IFNAMSIZ - 1). */
    int MAX_ZONE_LENGTH = 15;
    /** At most this many dot-separated parts in an IPv4 spelling. */
    int MAX_IPV4_PARTS = 4;

    /** An address, in whatever spelling it came. */
    record Address(InetAddress address) implements TargetHost {
    }

    /** A host name of RFC 1123 syntax, lower-cased, without its trailing dot. */
    record Name(String name) implements TargetHost {
    }

    /** Neither: {@code why} says what is wrong, in words (never echoing the text). */
    record Invalid(String why) implements TargetHost {
    }

    /** Reads {@code text}, never looking anything up. */
    static TargetHost parse(String text) {
        return Parser.parse(text);
    }

    /** The reading itself; nothing here resolves a name. */
    final class Parser {

        private static final Pattern LABEL = Pattern.compile("[a-z0-9]([a-z0-9-]*[a-z0-9])?");
        private static final Pattern NUMBER = Pattern.compile("[0-9]+|0x[0-9a-f]*");
        private static final Pattern IPV6 = Pattern.compile("[0-9a-f:][0-9a-f:.]*");
        private static final Pattern ZONE = Pattern.compile("[a-z0-9_.-]+");
        private static final long[] LAST_PART_MAX = {0xffffffffL, 0xffffffL, 0xffffL, 0xffL};

        private Parser() {
        }

        static TargetHost parse(String text) {
            if (text == null || text.isEmpty()) {
                return new Invalid("empty host");
            }
            if (text.length() > MAX_NAME_LENGTH + 2) { // room for a trailing dot or brackets
                return new Invalid("longer than " + MAX_NAME_LENGTH + " characters");
            }
            String s = text.toLowerCase(Locale.ROOT);
            if (s.startsWith("[") && s.endsWith("]")) {
                return ipv6(s.substring(1, s.length() - 1)).<TargetHost>map(Address::new)
                        .orElseGet(() -> new Invalid("not a valid IPv6 address in brackets"));
            }
            if (s.indexOf(':') >= 0) {
                return ipv6(s).<TargetHost>map(Address::new)
                        .orElseGet(() -> new Invalid("not a valid IPv6 address"));
            }
            String name = s.endsWith(".") ? s.substring(0, s.length() - 1) : s;
            Optional<InetAddress> v4 = ipv4(name);
            if (v4.isPresent()) {
                return new Address(v4.get());
            }
            String[] labels = name.split("\\.", -1);
            if (Arrays.stream(labels).allMatch(l -> NUMBER.matcher(l).matches())) {
                return new Invalid("not a valid IPv4 address");
            }
            if (name.length() > MAX_NAME_LENGTH) {
                return new Invalid("longer than " + MAX_NAME_LENGTH + " characters");
            }
            for (String label : labels) {
                if (label.isEmpty()) {
                    return new Invalid("empty label");
                }
                if (label.length() > MAX_LABEL_LENGTH) {
                    return new Invalid("a label longer than " + MAX_LABEL_LENGTH + " characters");
                }
                if (!LABEL.matcher(label).matches()) {
                    return new Invalid("expected letters, digits and inner hyphens between dots");
                }
            }
            return new Name(name);
        }

        /** {@code inet_aton}'s reading of {@code s}, if it is an IPv4 address to it. */
        static Optional<InetAddress> ipv4(String s) {
            String[] parts = s.split("\\.", -1);
            if (parts.length > MAX_IPV4_PARTS) {
                return Optional.empty();
            }
            long address = 0;
            for (int i = 0; i < parts.length; i++) {
                long value = number(parts[i]);
                boolean last = i == parts.length - 1;
                long max = last ? LAST_PART_MAX[i] : 0xff;
                if (value < 0 || value > max) {
                    return Optional.empty();
                }
                address |= last ? value : value << (8 * (3 - i));
            }
            byte[] bytes = {(byte) (address >>> 24), (byte) (address >>> 16), (byte) (address >>> 8), (byte) address};
            try {
                return Optional.of(InetAddress.getByAddress(bytes));
            } catch (UnknownHostException e) {
                throw new AssertionError("four bytes are an IPv4 address", e);
            }
        }

        /** The value of one part as C's {@code strtoul(part, 0)} reads all of it; -1 if it does not or is over 32 bits. */
        private static long number(String part) {
            int radix = 10;
            int from = 0;
            if (part.startsWith("0x")) {
                radix = 16;
                from = 2;
            } else if (part.startsWith("0") && part.length() > 1) {
                radix = 8;
                from = 1;
            }
            if (from >= part.length()) {
                return -1; // "" and "0x" are no number
            }
            long value = 0;
            for (int i = from; i < part.length(); i++) {
                int digit = Character.digit(part.charAt(i), radix);
                if (digit < 0) {
                    return -1;
                }
                value = value * radix + digit;
                if (value > 0xffffffffL) {
                    return -1;
                }
            }
            return value;
        }

        /** An IPv6 literal, with an optional zone; IPv4-mapped ones become IPv4 addresses. */
        static Optional<InetAddress> ipv6(String s) {
            int percent = s.indexOf('%');
            String address = percent < 0 ? s : s.substring(0, percent);
            if (percent >= 0) {
                String zone = s.substring(percent + 1);
                if (zone.isEmpty() || zone.length() > MAX_ZONE_LENGTH || !ZONE.matcher(zone).matches()) {
                    return Optional.empty();
                }
            }
            if (address.indexOf(':') < 0 || !IPV6.matcher(address).matches()) {
                return Optional.empty();
            }
            try {
                // never a lookup: a literal with ':' that starts with a hex digit or ':' is parsed or refused
                // by the JDK as a literal; IPv4-mapped ones come back as Inet4Address
                return Optional.of(InetAddress.getByName(address));
            } catch (UnknownHostException e) {
                return Optional.empty();
            }
        }

        /**
         * The IPv4 address an IPv6 one carries to an IPv4 host: IPv4-compatible ({@code ::a.b.c.d})
         * or the NAT64 well-known prefix ({@code 64:ff9b::a.b.c.d}, RFC 6052).
         */
        static Optional<InetAddress> embeddedIpv4(InetAddress a) {
            if (!(a instanceof Inet6Address)) {
                return Optional.empty();
            }
            byte[] b = a.getAddress();
            boolean compatible = Arrays.equals(b, 0, 12, new byte[12], 0, 12) && !a.isAnyLocalAddress()
                    && !a.isLoopbackAddress();
            boolean nat64 = Arrays.equals(b, 0, 12, new byte[] {0, 0x64, (byte) 0xff, (byte) 0x9b, 0, 0, 0, 0, 0, 0, 0, 0},
                    0, 12);
            if (!compatible && !nat64) {
                return Optional.empty();
            }
            try {
                return Optional.of(InetAddress.getByAddress(Arrays.copyOfRange(b, 12, 16)));
            } catch (UnknownHostException e) {
                throw new AssertionError("four bytes are an IPv4 address", e);
            }
        }
    }
}
