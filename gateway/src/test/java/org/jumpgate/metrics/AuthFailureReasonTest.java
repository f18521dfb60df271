package org.jumpgate.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The audit log's auth.failure reasons, as the gateway writes them, land in a few fixed categories. */
class AuthFailureReasonTest {

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', textBlock = """
            key not authorized for this user                                                | unknown_key
            signature verification failed                                                   | bad_signature
            jumpgate: no active account for jgbob on this cluster                           | account
            jumpgate: account jgcarol is disabled (left the lab)                            | account
            jumpgate: account jgdave expired on 2020-01-31                                  | account
            jumpgate: account jgerin is not in a group allowed on this cluster (staff)      | account
            authorized_keys is writable by others (0664)                                    | unsafe_file
            authorized_keys directory /home/alice/.ssh is writable by others (0777)         | unsafe_file
            TOTP secret is readable by others (0644)                                        | unsafe_file
            wrong one-time code                                                             | wrong_code
            one-time code already used                                                      | replayed_code
            no one-time code given                                                          | no_code
            no one-time code secret for this user                                           | no_secret
            codes locked after 5 wrong ones (283 s left)                                    | locked
            rejected by the MFA service                                                     | mfa_rejected
            more than 3 RADIUS challenges                                                   | mfa_rejected
            MFA service unreachable: no answer from 10.0.0.9:1812 within 3s                 | mfa_unreachable
            RADIUS request failed: IllegalStateException                                    | mfa_unreachable
            """)
    void everyReasonTheGatewayAuditsHasItsCategory(String reason, String category) {
        assertThat(AuthFailureReason.of(reason).tag()).isEqualTo(category);
    }

    @Test
    void aReasonNoCategoryKnowsIsOtherNeverItsText() {
        assertThat(AuthFailureReason.of("something new: user 'x; DROP TABLE'")).isEqualTo(AuthFailureReason.OTHER);
        assertThat(AuthFailureReason.of(null)).isEqualTo(AuthFailureReason.OTHER);
    }

    @Test
    void theCategoriesAreAFewShortTagValues() {
        assertThat(AuthFailureReason.values()).hasSizeLessThanOrEqualTo(16);
        assertThat(Arrays.stream(AuthFailureReason.values()).map(AuthFailureReason::tag))
                .allMatch(t -> t.matches("[a-z_]{2,20}"));
    }
}
