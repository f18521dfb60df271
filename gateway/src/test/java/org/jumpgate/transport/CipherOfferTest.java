package org.jumpgate.transport;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.EnumMap;
import java.util.Map;
import org.apache.sshd.common.kex.KexProposalOption;
import org.junit.jupiter.api.Test;

class CipherOfferTest {

    static final String OFFER = "aes128-gcm@openssh.com,aes256-gcm@openssh.com,aes128-ctr,aes192-ctr,aes256-ctr";
    static final String OPENSSH_9_2 = "chacha20-poly1305@openssh.com,aes128-ctr,aes192-ctr,aes256-ctr,"
            + "aes128-gcm@openssh.com,aes256-gcm@openssh.com";
    static final String PARAMIKO_2_12 = "aes128-ctr,aes192-ctr,aes256-ctr,aes128-cbc,aes192-cbc,aes256-cbc,3des-cbc";

    private static Map<KexProposalOption, String> proposal(String c2s, String s2c) {
        Map<KexProposalOption, String> p = new EnumMap<>(KexProposalOption.class);
        p.put(KexProposalOption.ALGORITHMS, "curve25519-sha256,kex-strict-s-v00@openssh.com");
        p.put(KexProposalOption.C2SENC, c2s);
        p.put(KexProposalOption.S2CENC, s2c);
        p.put(KexProposalOption.C2SMAC, "hmac-sha2-256-etm@openssh.com");
        p.put(KexProposalOption.S2CMAC, "hmac-sha2-256-etm@openssh.com");
        return p;
    }

    @Test
    void clientWithAesGcmAnywhereInItsListIsOfferedOnlyAesGcm() {
        Map<KexProposalOption, String> ours = proposal(OFFER, OFFER);
        Map<KexProposalOption, String> fitted = CipherOffer.fitted(ours, proposal(OPENSSH_9_2, OPENSSH_9_2));
        assertThat(fitted.get(KexProposalOption.C2SENC)).isEqualTo("aes128-gcm@openssh.com,aes256-gcm@openssh.com");
        assertThat(fitted.get(KexProposalOption.S2CENC)).isEqualTo("aes128-gcm@openssh.com,aes256-gcm@openssh.com");
        assertThat(CipherOffer.narrowed(ours, fitted)).isTrue();
        assertThat(ours.get(KexProposalOption.C2SENC)).as("the input is left alone").isEqualTo(OFFER);
    }

    @Test
    void everythingButTheCiphersIsLeftAsItWas() {
        Map<KexProposalOption, String> ours = proposal(OFFER, OFFER);
        Map<KexProposalOption, String> fitted = CipherOffer.fitted(ours, proposal(OPENSSH_9_2, OPENSSH_9_2));
        assertThat(fitted.get(KexProposalOption.ALGORITHMS)).isEqualTo(ours.get(KexProposalOption.ALGORITHMS));
        assertThat(fitted.get(KexProposalOption.S2CMAC)).isEqualTo(ours.get(KexProposalOption.S2CMAC));
    }

    @Test
    void clientWithoutAesGcmGetsTheWholeOffer() {
        Map<KexProposalOption, String> ours = proposal(OFFER, OFFER);
        Map<KexProposalOption, String> fitted = CipherOffer.fitted(ours, proposal(PARAMIKO_2_12, PARAMIKO_2_12));
        assertThat(fitted).isEqualTo(ours);
        assertThat(CipherOffer.narrowed(ours, fitted)).isFalse();
    }

    @Test
    void eachDirectionIsFittedOnItsOwn() {
        Map<KexProposalOption, String> fitted = CipherOffer.fitted(proposal(OFFER, OFFER),
                proposal("aes256-gcm@openssh.com", "aes128-ctr"));
        assertThat(fitted.get(KexProposalOption.C2SENC)).isEqualTo("aes128-gcm@openssh.com,aes256-gcm@openssh.com");
        assertThat(fitted.get(KexProposalOption.S2CENC)).isEqualTo(OFFER);
    }

    @Test
    void noClientProposalYetLeavesTheOfferWhole() {
        Map<KexProposalOption, String> ours = proposal(OFFER, OFFER);
        assertThat(CipherOffer.fitted(ours, Map.of())).isEqualTo(ours);
        assertThat(CipherOffer.fitted(ours, null)).isEqualTo(ours);
    }

    @Test
    void anOfferWithoutAesGcmIsNeverEmptied() {
        Map<KexProposalOption, String> ctrOnly = proposal("aes128-ctr,aes256-ctr", "aes128-ctr,aes256-ctr");
        assertThat(CipherOffer.fitted(ctrOnly, proposal(OPENSSH_9_2, OPENSSH_9_2))).isEqualTo(ctrOnly);
    }
}
