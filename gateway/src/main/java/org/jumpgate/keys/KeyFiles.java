package org.jumpgate.keys;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.util.Iterator;
import java.util.Set;
import org.apache.sshd.common.NamedResource;
import org.apache.sshd.common.config.keys.FilePasswordProvider;
import org.apache.sshd.common.config.keys.KeyUtils;
import org.apache.sshd.common.config.keys.writer.openssh.OpenSSHKeyPairResourceWriter;
import org.apache.sshd.common.keyprovider.KeyPairProvider;
import org.apache.sshd.common.util.security.SecurityUtils;

/**
 * Reads and writes OpenSSH private key files and other secrets: written 0600 atomically, refused
 * when readable by others. Every key file jumpgate writes (host keys, the CA, the demo's and the
 * echo node's keys) goes through here.
 */
public final class KeyFiles {

    static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rw-------");
    static final Set<PosixFilePermission> PUBLIC = PosixFilePermissions.fromString("rw-r--r--");

    private KeyFiles() {
    }

    /** The key pair in {@code file}; refused when the file is readable by anyone but its owner. */
    public static KeyPair read(Path file) throws IOException, GeneralSecurityException {
        Set<PosixFilePermission> perms = Files.getPosixFilePermissions(file);
        if (perms.stream().anyMatch(p -> !OWNER_ONLY.contains(p))) {
            throw new IOException(file + " has mode " + PosixFilePermissions.toString(perms)
                    + ", expected rw------- (0600): a private key readable by others is refused");
        }
        try (InputStream in = Files.newInputStream(file)) {
            Iterable<KeyPair> pairs = SecurityUtils.loadKeyPairIdentities(null, NamedResource.ofName(file.toString()), in,
                    FilePasswordProvider.EMPTY);
            Iterator<KeyPair> it = pairs == null ? null : pairs.iterator();
            if (it == null || !it.hasNext()) {
                throw new IOException(file + ": no key pair in it");
            }
            return it.next();
        }
    }

    /** Writes the private key (0600) and its {@code .pub} (0644), each atomically. */
    public static void write(Path file, KeyPair pair, String comment) throws IOException, GeneralSecurityException {
        ByteArrayOutputStream priv = new ByteArrayOutputStream();
        OpenSSHKeyPairResourceWriter.INSTANCE.writePrivateKey(pair, comment, null, priv);
        ByteArrayOutputStream pub = new ByteArrayOutputStream();
        OpenSSHKeyPairResourceWriter.INSTANCE.writePublicKey(pair.getPublic(), comment, pub);
        writeAtomically(file, priv.toByteArray(), OWNER_ONLY);
        writeAtomically(Path.of(file + ".pub"), pub.toByteArray(), PUBLIC);
    }

    /** The ed25519 key pair in {@code file}, made (with its {@code .pub}) if the file is missing. */
    public static KeyPair loadOrCreate(Path file, String comment) throws IOException, GeneralSecurityException {
        if (Files.exists(file)) {
            return read(file);
        }
        KeyPair pair = KeyUtils.generateKeyPair(KeyPairProvider.SSH_ED25519, 256);
        write(file, pair, comment);
        return pair;
    }

    /** Writes a secret (a TOTP seed, a token) atomically, readable by its owner only. */
    public static void writeSecret(Path file, String content) throws IOException {
        writeSecret(file, content.getBytes(StandardCharsets.UTF_8));
    }

    /** Writes secret bytes (an image of a TOTP secret's QR code) atomically, readable by its owner only. */
    public static void writeSecret(Path file, byte[] content) throws IOException {
        writeAtomically(file, content, OWNER_ONLY);
    }

    static void writeAtomically(Path file, byte[] content, Set<PosixFilePermission> perms) throws IOException {
        Path dir = file.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        Path tmp = Files.createTempFile(dir, "." + file.getFileName(), ".tmp",
                PosixFilePermissions.asFileAttribute(OWNER_ONLY));
        try {
            Files.write(tmp, content);
            Files.setPosixFilePermissions(tmp, perms);
            try {
                Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(tmp);
        }
    }
}
