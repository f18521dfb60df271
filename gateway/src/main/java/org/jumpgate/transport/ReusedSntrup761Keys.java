package org.jumpgate.transport;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.sshd.client.ClientBuilder;
import org.apache.sshd.client.SshClient;
import org.apache.sshd.common.digest.BuiltinDigests;
import org.apache.sshd.common.digest.Digest;
import org.apache.sshd.common.kex.AbstractDH;
import org.apache.sshd.common.kex.BuiltinDHFactories;
import org.apache.sshd.common.kex.DHFactory;
import org.apache.sshd.common.kex.KeyEncapsulationMethod;
import org.apache.sshd.common.kex.MontgomeryCurve;
import org.apache.sshd.common.kex.XDH;
import org.bouncycastle.crypto.AsymmetricCipherKeyPair;
import org.bouncycastle.pqc.crypto.ntruprime.SNTRUPrimeKEMExtractor;
import org.bouncycastle.pqc.crypto.ntruprime.SNTRUPrimeKeyGenerationParameters;
import org.bouncycastle.pqc.crypto.ntruprime.SNTRUPrimeKeyPairGenerator;
import org.bouncycastle.pqc.crypto.ntruprime.SNTRUPrimeParameters;
import org.bouncycastle.pqc.crypto.ntruprime.SNTRUPrimePrivateKeyParameters;
import org.bouncycastle.pqc.crypto.ntruprime.SNTRUPrimePublicKeyParameters;
import org.jspecify.annotations.Nullable;

/**
 * sntrup761 key pairs (Bouncy Castle) each serving up to {@code uses} client key exchanges within
 * {@code maxAge}; the exchange around them is MINA's own hybrid ({@link XDH} on x25519, SHA-512).
 * One pair is generated at a time, under the lock: a login arriving meanwhile waits for it rather
 * than generating another.
 */
final class ReusedSntrup761Keys implements KemKeys, KeyEncapsulationMethod {

    /** The hybrid's two names (the {@code @openssh.com} one is what OpenSSH 9.2 offers). */
    static final Set<String> NAMES = Set.of(BuiltinDHFactories.sntrup761x25519.getName(),
            BuiltinDHFactories.sntrup761x25519_openssh.getName());

    private final int uses;
    private final Duration maxAge;
    private final Clock clock;
    private final SecureRandom random;
    private final AtomicLong generated = new AtomicLong();
    private @Nullable Held current; // guarded by this

    ReusedSntrup761Keys(int uses, Duration maxAge, Clock clock, SecureRandom random) {
        if (uses < 1 || uses > MAX_USES) {
            throw new IllegalArgumentException("uses: " + uses + ", expected 1.." + MAX_USES);
        }
        this.uses = uses;
        this.maxAge = Objects.requireNonNull(maxAge, "maxAge");
        this.clock = clock;
        this.random = random;
    }

    @Override
    public void offerTo(SshClient client) {
        client.setKeyExchangeFactories(client.getKeyExchangeFactories().stream()
                .map(k -> NAMES.contains(k.getName()) ? ClientBuilder.DH2KEX.apply(hybrid(k.getName())) : k)
                .toList());
    }

    @Override
    public long generated() {
        return generated.get();
    }

    /** The key pair for the next exchange: the current one while it has uses and age left, else a new one. */
    synchronized Held take() {
        Instant now = clock.instant();
        Held h = current;
        if (h == null || h.usesLeft == 0 || !now.isBefore(h.expires)) {
            SNTRUPrimeKeyPairGenerator gen = new SNTRUPrimeKeyPairGenerator();
            gen.init(new SNTRUPrimeKeyGenerationParameters(random, SNTRUPrimeParameters.sntrup761));
            AsymmetricCipherKeyPair pair = gen.generateKeyPair();
            h = new Held(((SNTRUPrimePublicKeyParameters) pair.getPublic()).getEncoded(),
                    (SNTRUPrimePrivateKeyParameters) pair.getPrivate(), now.plus(maxAge), uses);
            generated.incrementAndGet();
            current = h;
        }
        h.usesLeft--;
        return h;
    }

    @Override
    public Client getClient() {
        return new Client() {
            private @Nullable Held held;

            @Override
            public void init() {
                held = take();
            }

            @Override
            public byte[] getPublicKey() {
                return held().publicKey.clone();
            }

            @Override
            public byte[] extractSecret(byte[] encapsulated) {
                SNTRUPrimeKEMExtractor extractor = new SNTRUPrimeKEMExtractor(held().key);
                if (encapsulated.length != extractor.getEncapsulationLength()) {
                    throw new IllegalArgumentException("sntrup761 ciphertext of " + encapsulated.length
                            + " bytes, expected " + extractor.getEncapsulationLength());
                }
                return extractor.extractSecret(encapsulated);
            }

            @Override
            public int getEncapsulationLength() {
                return new SNTRUPrimeKEMExtractor(held().key).getEncapsulationLength();
            }

            private Held held() {
                return Objects.requireNonNull(held, "init() first");
            }
        };
    }

    @Override
    public Server getServer() {
        throw new UnsupportedOperationException("client key pairs only; the gateway's server keeps MINA's own");
    }

    private DHFactory hybrid(String name) {
        KeyEncapsulationMethod kem = this;
        return new DHFactory() {
            @Override
            public String getName() {
                return name;
            }

            @Override
            public boolean isGroupExchange() {
                return false;
            }

            @Override
            public boolean isSupported() {
                return BuiltinDHFactories.sntrup761x25519.isSupported();
            }

            @Override
            public AbstractDH create(Object... params) throws Exception {
                return new XDH(MontgomeryCurve.x25519, true) {
                    @Override
                    public KeyEncapsulationMethod getKeyEncapsulation() {
                        return kem;
                    }

                    @Override
                    public Digest getHash() throws Exception {
                        return BuiltinDigests.sha512.create();
                    }
                };
            }
        };
    }

    /** One key pair, what is left of it. */
    static final class Held {
        final byte[] publicKey;
        final SNTRUPrimePrivateKeyParameters key;
        final Instant expires;
        int usesLeft; // guarded by the keys' lock

        Held(byte[] publicKey, SNTRUPrimePrivateKeyParameters key, Instant expires, int usesLeft) {
            this.publicKey = publicKey;
            this.key = key;
            this.expires = expires;
            this.usesLeft = usesLeft;
        }
    }
}
