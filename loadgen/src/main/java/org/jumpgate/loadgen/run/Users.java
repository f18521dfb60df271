package org.jumpgate.loadgen.run;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.stream.Stream;
import org.apache.sshd.common.keyprovider.FileKeyPairProvider;

/** The simulated users of a run. */
public final class Users {

    /** File names inside each user's directory. */
    public static final String KEY_FILE = "id_ed25519";
    public static final String TOTP_FILE = "totp";
    /** A users directory larger than this is a mistake. */
    public static final int MAX_USERS = 100_000;

    private final List<LoadUser> all;

    private Users(List<LoadUser> all) {
        if (all.isEmpty()) {
            throw new IllegalArgumentException("no users, expected at least one");
        }
        this.all = List.copyOf(all);
    }

    public static Users of(List<LoadUser> users) {
        return new Users(users);
    }

    public static Users of(LoadUser... users) {
        return new Users(List.of(users));
    }

    /**
     * Reads {@code dir/<user>/id_ed25519} (OpenSSH private key, unencrypted) and the optional
     * {@code dir/<user>/totp} (base32 secret; codes from {@code clock}) for each subdirectory.
     */
    public static Users fromDirectory(Path dir, Clock clock) throws IOException, GeneralSecurityException {
        if (!Files.isDirectory(dir)) {
            throw new IOException(dir + " is not a directory, expected one with <user>/" + KEY_FILE);
        }
        List<LoadUser> users = new ArrayList<>();
        List<Path> subdirs;
        try (Stream<Path> s = Files.list(dir)) {
            subdirs = s.filter(Files::isDirectory).sorted().toList();
        }
        for (Path d : subdirs) {
            Path key = d.resolve(KEY_FILE);
            if (!Files.exists(key)) {
                continue;
            }
            if (users.size() >= MAX_USERS) {
                throw new IOException(dir + " has more than " + MAX_USERS + " users");
            }
            Path totp = d.resolve(TOTP_FILE);
            CodeSource codes = null;
            if (Files.exists(totp)) {
                try {
                    codes = CodeSource.totp(Files.readString(totp).trim(), clock);
                } catch (IllegalArgumentException e) {
                    throw new IOException(totp + ": " + e.getMessage(), e);
                }
            }
            users.add(new LoadUser(d.getFileName().toString(), readKey(key), codes));
        }
        if (users.isEmpty()) {
            throw new IOException(dir + " has no <user>/" + KEY_FILE);
        }
        return new Users(users);
    }

    /** The first key pair in an OpenSSH private key file. */
    public static KeyPair readKey(Path file) throws IOException, GeneralSecurityException {
        Iterator<KeyPair> keys = new FileKeyPairProvider(file).loadKeys(null).iterator();
        if (!keys.hasNext()) {
            throw new GeneralSecurityException(file + " holds no key pair");
        }
        return keys.next();
    }

    public List<LoadUser> all() {
        return all;
    }

    public int size() {
        return all.size();
    }
}
