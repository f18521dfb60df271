package org.jumpgate.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class TotpTest {

    /** RFC 6238 appendix B, SHA-1 secret "12345678901234567890", last 6 of the 8-digit codes. */
    @Test
    void matchesRfc6238TestVectors() {
        Totp totp = Totp.fromBase32(Base32.encode("12345678901234567890".getBytes(StandardCharsets.US_ASCII)));
        assertThat(totp.codeAt(Instant.ofEpochSecond(59))).isEqualTo("287082");
        assertThat(totp.codeAt(Instant.ofEpochSecond(1111111109))).isEqualTo("081804");
        assertThat(totp.codeAt(Instant.ofEpochSecond(1234567890))).isEqualTo("005924");
        assertThat(totp.codeAt(Instant.ofEpochSecond(2000000000))).isEqualTo("279037");
    }

    @Test
    void base32RoundTripsAndIgnoresCaseSpacesAndPadding() {
        byte[] data = "any bytes at all!".getBytes(StandardCharsets.US_ASCII);
        String text = Base32.encode(data);
        assertThat(Base32.decode(text.toLowerCase() + "====")).isEqualTo(data);
        assertThat(Base32.decode("MZXW 6YTB OI======")).isEqualTo("foobar".getBytes(StandardCharsets.US_ASCII));
    }

    @Test
    void shortOrMalformedSecretsAreRefusedWithAReason() {
        assertThatThrownBy(() -> Totp.fromBase32("MZXW6YTB")).hasMessageContaining("expected at least 128");
        assertThatThrownBy(() -> Totp.fromBase32("not base32!!")).hasMessageContaining("not base32");
    }
}
