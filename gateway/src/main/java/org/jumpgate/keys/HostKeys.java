package org.jumpgate.keys;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.util.ArrayList;
import java.util.List;
import org.apache.sshd.common.config.keys.KeyUtils;
import org.apache.sshd.common.keyprovider.KeyPairProvider;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The gateway's SSH host keys in {@code dataDir}, named as sshd names them
 * ({@code ssh_host_ed25519_key} ...). Made on first start, loaded unchanged afterwards; both
 * gateways of a redundant pair hold the same files.
 */
public final class HostKeys {

    private static final Logger LOG = LoggerFactory.getLogger(HostKeys.class);

    /** RSA host key size: 3072 bits, as ssh-keygen makes by default. */
    public static final int RSA_BITS = 3072;

    private record Kind(String file, String type, int bits, String label) {
    }

    private static final List<Kind> KINDS = List.of(
            new Kind("ssh_host_ed25519_key", KeyPairProvider.SSH_ED25519, 256, "ED25519"),
            new Kind("ssh_host_ecdsa_key", KeyPairProvider.ECDSA_SHA2_NISTP256, 256, "ECDSA"),
            new Kind("ssh_host_rsa_key", KeyPairProvider.SSH_RSA, RSA_BITS, "RSA"));

    private final List<KeyPair> pairs;
    private final List<String> fingerprints;

    private HostKeys(List<KeyPair> pairs, List<String> fingerprints) {
        this.pairs = List.copyOf(pairs);
        this.fingerprints = List.copyOf(fingerprints);
    }

    /** The host key files in {@code dir} (ed25519, ecdsa, rsa), whether they exist or not. */
    public static List<Path> files(Path dir) {
        return KINDS.stream().map(k -> dir.resolve(k.file())).toList();
    }

    /** Loads the host keys from {@code dir}, making any that are missing. */
    public static HostKeys loadOrCreate(Path dir) throws IOException, GeneralSecurityException {
        return load(dir, true);
    }

    /** Loads the host keys from {@code dir}; fails if one is missing. */
    public static HostKeys load(Path dir) throws IOException, GeneralSecurityException {
        return load(dir, false);
    }

    private static HostKeys load(Path dir, boolean create) throws IOException, GeneralSecurityException {
        List<KeyPair> pairs = new ArrayList<>();
        List<String> prints = new ArrayList<>();
        for (Kind kind : KINDS) {
            Path file = dir.resolve(kind.file());
            KeyPair pair;
            String comment = Keys.defaultComment();
            if (Files.exists(file)) {
                pair = KeyFiles.read(file);
                comment = Keys.commentOf(Path.of(file + ".pub"), comment);
            } else if (create) {
                pair = KeyUtils.generateKeyPair(kind.type(), kind.bits());
                KeyFiles.write(file, pair, comment);
                LOG.info("made host key {} ({})", file, KeyUtils.getFingerPrint(pair.getPublic()));
            } else {
                throw new IOException(file + " is missing; start the gateway once to make host keys");
            }
            pairs.add(pair);
            int bits = kind.label().equals("RSA") ? KeyUtils.getKeySize(pair.getPublic()) : kind.bits();
            prints.add(bits + " " + KeyUtils.getFingerPrint(pair.getPublic()) + " "
                    + comment + " (" + kind.label() + ")");
        }
        return new HostKeys(pairs, prints);
    }

    public List<KeyPair> keyPairs() {
        return pairs;
    }

    /** One line per key, exactly as {@code ssh-keygen -lf} prints it. */
    public List<String> fingerprintLines() {
        return fingerprints;
    }
}
