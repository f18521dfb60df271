package org.jumpgate.jump;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class TargetHostTest {

    /**
     * Spellings around every edge of inet_aton and inet_pton: numbers in each base, each count of
     * parts, each part's limit, and what just fails.
     */
    private static final List<String> SPELLINGS = List.of(
            "127.0.0.3", "0x7f000003", "0X7F000003", "0177.0.0.3", "0x7f.0.0.3", "0x7f.0x0.0x0.0x3", "127.3",
            "127.0.3", "2130706435", "017700000003", "00000000000000000177.0.0.3", "0x00000000007f.0.0.3",
            "0", "00", "0x0", "1", "4294967295", "0xffffffff", "037777777777", "4294967296", "0x100000000",
            "040000000000", "1.16777215", "1.16777216", "1.2.65535", "1.2.65536", "1.2.3.255", "1.2.3.256",
            "256.1", "0x100.1", "0400.1", "08.1.1.1", "09", "0x", "0x.1", "1..2", ".1.2.3", "1.2.3.4.5",
            "1.2.3.0x", "0xg", "1e5", "10.0.1.1", "012.0x0.0401", "10.65793", "167772417",
            "::1", "::", "::ffff:127.0.0.3", "::ffff:7f00:3", "::ffff:0127.0.0.3", "::ffff:127.3", "::127.0.0.3",
            "64:ff9b::a00:101", "fe80::1%lo", "1:2:3:4:5:6:7:8", "1:2:3:4:5:6:7:8:9", "1::2::3", ":::",
            "2001:db8::g", "::ffff:0x7f.0.0.3");

    private static Optional<InetAddress> address(String text) {
        return TargetHost.parse(text) instanceof TargetHost.Address a ? Optional.of(a.address()) : Optional.empty();
    }

    @Test
    void everyIpv4SpellingOfInetAtonIsTheSameAddress() throws Exception {
        InetAddress target = InetAddress.getByName("127.0.0.3");
        for (String s : List.of("127.0.0.3", "0x7f000003", "0177.0.0.3", "127.3", "127.0.3", "2130706435",
                "0x7f.0.0.3", "0177.0.0x3", "0000177.0.0.3", "127.0.0.3.", "::ffff:127.0.0.3", "[::ffff:127.0.0.3]",
                "::ffff:7f00:3")) {
            assertThat(address(s)).as(s).contains(target);
        }
    }

    @Test
    void numbersThatAreNoAddressAreNeitherAddressNorName() {
        for (String s : List.of("1.2.3.4.5", "08.1.1.1", "4294967296", "1.16777216", "256.1.1.1", "0x", "1..2",
                "9999999999999999999999")) {
            assertThat(TargetHost.parse(s)).as(s).isInstanceOf(TargetHost.Invalid.class);
        }
    }

    @Test
    void hostNamesOfRfc1123SyntaxAreNames() {
        assertThat(TargetHost.parse("Login-2.Example.ORG.")).isEqualTo(new TargetHost.Name("login-2.example.org"));
        assertThat(TargetHost.parse("3com.example")).isEqualTo(new TargetHost.Name("3com.example"));
        assertThat(TargetHost.parse("1e5")).isEqualTo(new TargetHost.Name("1e5"));
        assertThat(TargetHost.parse("xn--bcher-kva.example")).isInstanceOf(TargetHost.Name.class);
        for (String s : List.of("a b", "a\nb", "a_b", "-a", "a-", "a..b", ".", "..", "a.-b", "bücher.example",
                "a/b", "a%b", "a@b", "a".repeat(TargetHost.MAX_LABEL_LENGTH + 1))) {
            assertThat(TargetHost.parse(s)).as(s).isInstanceOf(TargetHost.Invalid.class);
        }
    }

    @Test
    void ipv6ZonesAreNamesOfInterfacesOnly() {
        assertThat(TargetHost.parse("fe80::1%eth0")).isInstanceOf(TargetHost.Address.class);
        assertThat(TargetHost.parse("fe80::1%")).isInstanceOf(TargetHost.Invalid.class);
        assertThat(TargetHost.parse("fe80::1%eth0 x")).isInstanceOf(TargetHost.Invalid.class);
        assertThat(TargetHost.parse("fe80::1%" + "e".repeat(TargetHost.MAX_ZONE_LENGTH + 1)))
                .isInstanceOf(TargetHost.Invalid.class);
    }

    /**
     * The resolver a login node's sshd uses (glibc getaddrinfo, through {@code getent}, files only
     * so that nothing goes to DNS) reads every spelling of the table as this parser does: where it
     * finds an address, the parser finds the same one; where it finds none, neither does the
     * parser, except the trailing-dot form, which the parser takes as an address on purpose.
     */
    @Test
    void theSystemResolverReadsEverySpellingAsTheParserDoes() throws Exception {
        Path getent = Path.of("/usr/bin/getent");
        assumeTrue(Files.isExecutable(getent), "glibc getent not installed");
        assumeTrue(resolve(getent, "0x7f000003").isPresent(), "the system resolver is not glibc's inet_aton");
        for (String s : SPELLINGS) {
            Optional<InetAddress> resolver = resolve(getent, s);
            Optional<InetAddress> parser = address(s).map(TargetHostTest::withoutScope);
            if (resolver.isPresent()) {
                assertThat(parser).as("parser reading of %s", s).isEqualTo(resolver);
            } else if (!s.equals("::ffff:0127.0.0.3")) {
                assertThat(parser).as("parser reading of %s (the resolver finds no address)", s).isEmpty();
            }
        }
    }

    /** {@code ::ffff:0127.0.0.3}: Java reads the embedded 0127 as decimal, glibc refuses it: the parser refuses more. */
    @Test
    void anEmbeddedIpv4WithLeadingZerosIsTakenAsDecimal() throws Exception {
        assertThat(address("::ffff:0127.0.0.3")).contains(InetAddress.getByName("127.0.0.3"));
    }

    private static InetAddress withoutScope(InetAddress a) {
        try {
            return InetAddress.getByAddress(a.getAddress());
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    private static Optional<InetAddress> resolve(Path getent, String text) throws Exception {
        Process p = new ProcessBuilder(getent.toString(), "-s", "files", "ahosts", text)
                .redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(10, TimeUnit.SECONDS)).isTrue();
        if (p.exitValue() != 0 || out.isBlank()) {
            return Optional.empty();
        }
        String first = out.strip().split("\\s+")[0];
        int percent = first.indexOf('%');
        return Optional.of(withoutScope(InetAddress.getByName(percent < 0 ? first : first.substring(0, percent))));
    }
}
