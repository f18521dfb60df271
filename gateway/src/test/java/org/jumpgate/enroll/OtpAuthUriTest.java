package org.jumpgate.enroll;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.jumpgate.auth.Totp;
import org.junit.jupiter.api.Test;

class OtpAuthUriTest {

    @Test
    void uriNamesIssuerAndUserAndSaysWhatTotpDoes() {
        assertThat(new OtpAuthUri("Mila", "ada", "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP").text()).isEqualTo(
                "otpauth://totp/Mila:ada?secret=JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP&issuer=Mila&algorithm=SHA1&digits=6&period=30");
        // what the URI says is what the gateway checks: 6 digits, 30 s steps
        assertThat(Totp.DIGITS).isEqualTo(6);
        assertThat(Totp.STEP.toSeconds()).isEqualTo(30);
    }

    @Test
    void issuerAndUserArePercentEncoded() {
        assertThat(new OtpAuthUri("Mila Cluster: login", "a.b-c", "JBSWY3DPEHPK3PXP").text())
                .startsWith("otpauth://totp/Mila%20Cluster%3A%20login:a.b-c?secret=JBSWY3DPEHPK3PXP")
                .contains("&issuer=Mila%20Cluster%3A%20login&");
    }

    @Test
    void gatewaysCodesAreRfc6238Sha1AsTheUriSays() {
        // RFC 6238 appendix B, SHA-1: the ASCII key "12345678901234567890", 59 s -> 94287082 (8 digits; 287082 in 6)
        String secret = "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ";
        assertThat(Totp.fromBase32(new OtpAuthUri("x", "y", secret).secret()).codeAt(Instant.ofEpochSecond(59)))
                .isEqualTo("287082");
    }

    @Test
    void toStringHasNoSecret() {
        assertThat(new OtpAuthUri("Mila", "ada", "JBSWY3DPEHPK3PXP")).hasToString("OtpAuthUri[Mila:ada]");
    }
}
