package org.jumpgate.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.security.SecureRandom;
import java.time.Duration;
import java.util.List;
import org.apache.sshd.client.SshClient;
import org.apache.sshd.common.NamedResource;
import org.apache.sshd.common.kex.KeyEncapsulationMethod;
import org.bouncycastle.crypto.SecretWithEncapsulation;
import org.bouncycastle.pqc.crypto.ntruprime.SNTRUPrimeKEMGenerator;
import org.bouncycastle.pqc.crypto.ntruprime.SNTRUPrimeParameters;
import org.bouncycastle.pqc.crypto.ntruprime.SNTRUPrimePublicKeyParameters;
import org.jumpgate.testing.ManualClock;
import org.junit.jupiter.api.Test;

/** The backend link's sntrup761 key pairs: reused within their uses and age, and each exchange still agrees on its own secret. */
class KemKeysTest {

    private final ManualClock clock = new ManualClock();

    private ReusedSntrup761Keys keys(int uses, Duration maxAge) {
        return new ReusedSntrup761Keys(uses, maxAge, clock, new SecureRandom());
    }

    private static byte[] publicKeyOfNextExchange(ReusedSntrup761Keys keys) {
        KeyEncapsulationMethod.Client c = keys.getClient();
        c.init();
        return c.getPublicKey();
    }

    @Test
    void aKeyPairServesItsUsesThenANewOneIsGenerated() {
        ReusedSntrup761Keys keys = keys(3, Duration.ofMinutes(1));
        byte[] first = publicKeyOfNextExchange(keys);

        assertThat(publicKeyOfNextExchange(keys)).isEqualTo(first);
        assertThat(publicKeyOfNextExchange(keys)).isEqualTo(first);
        assertThat(publicKeyOfNextExchange(keys)).as("the fourth exchange").isNotEqualTo(first);
        assertThat(keys.generated()).isEqualTo(2);
    }

    @Test
    void aKeyPairIsNotUsedOnceItsMaxAgeIsReached() {
        ReusedSntrup761Keys keys = keys(16, Duration.ofSeconds(60));
        byte[] first = publicKeyOfNextExchange(keys);
        clock.advance(Duration.ofSeconds(59));
        assertThat(publicKeyOfNextExchange(keys)).isEqualTo(first);

        clock.advance(Duration.ofSeconds(1));

        assertThat(publicKeyOfNextExchange(keys)).isNotEqualTo(first);
        assertThat(keys.generated()).isEqualTo(2);
    }

    @Test
    void oneUseIsAFreshKeyPairForEveryExchangeAsOpenSshDoes() {
        ReusedSntrup761Keys keys = keys(1, Duration.ofMinutes(1));

        assertThat(publicKeyOfNextExchange(keys)).isNotEqualTo(publicKeyOfNextExchange(keys));
        assertThat(keys.generated()).isEqualTo(2);
    }

    @Test
    void eachExchangeOnAReusedKeyPairGetsTheSecretItsServerEncapsulated() {
        ReusedSntrup761Keys keys = keys(2, Duration.ofMinutes(1));
        for (int i = 0; i < 2; i++) {
            KeyEncapsulationMethod.Client c = keys.getClient();
            c.init();
            SecretWithEncapsulation server = new SNTRUPrimeKEMGenerator(new SecureRandom()).generateEncapsulated(
                    new SNTRUPrimePublicKeyParameters(SNTRUPrimeParameters.sntrup761, c.getPublicKey()));

            assertThat(c.getEncapsulationLength()).isEqualTo(server.getEncapsulation().length);
            assertThat(c.extractSecret(server.getEncapsulation())).isEqualTo(server.getSecret());
        }
        assertThat(keys.generated()).isEqualTo(1);
    }

    @Test
    void aCiphertextOfTheWrongLengthIsRefused() {
        KeyEncapsulationMethod.Client c = keys(2, Duration.ofMinutes(1)).getClient();
        c.init();

        assertThatThrownBy(() -> c.extractSecret(new byte[10]))
                .hasMessage("sntrup761 ciphertext of 10 bytes, expected " + c.getEncapsulationLength());
    }

    @Test
    void onlyTheSntrup761HybridsOfAClientAreReplacedAndTheOrderStays() {
        SshClient client = SshClient.setUpDefaultClient();
        Transport.apply(client);
        List<String> before = NamedResource.getNameList(client.getKeyExchangeFactories());
        var was = client.getKeyExchangeFactories().get(before.indexOf("sntrup761x25519-sha512@openssh.com"));

        KemKeys.reused(16, Duration.ofMinutes(1), clock).offerTo(client);

        assertThat(NamedResource.getNameList(client.getKeyExchangeFactories())).isEqualTo(before);
        assertThat(client.getKeyExchangeFactories().get(before.indexOf("sntrup761x25519-sha512@openssh.com")))
                .isNotSameAs(was);
        assertThat(client.getKeyExchangeFactories().get(before.indexOf("curve25519-sha256")).getName())
                .isEqualTo("curve25519-sha256");
    }

    @Test
    void usesOutsideTheirRangeAreRefused() {
        assertThatThrownBy(() -> keys(0, Duration.ofMinutes(1))).hasMessage("uses: 0, expected 1..256");
        assertThatThrownBy(() -> keys(257, Duration.ofMinutes(1))).hasMessage("uses: 257, expected 1..256");
    }
}
