package org.jumpgate.radius;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import org.jumpgate.common.ConfigException;
import org.jumpgate.common.SecretFiles;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The RADIUS shared secret of {@code auth.radius.secretFile}: one line in a file only its owner
 * may read or write. Never logged nor shown: {@link #toString()} hides it, and no error names it.
 */
final class SharedSecret {

    /** The config key named in every error line. */
    static final String KEY = "auth.radius.secretFile";

    /** A secret file larger than this is refused: it holds one line. */
    static final int MAX_FILE_BYTES = 4096;

    /** RFC 2865 section 3: the secret SHOULD be at least 16 octets; a shorter one is logged, not refused. */
    static final int RECOMMENDED_MIN_BYTES = 16;

    private static final Logger LOG = LoggerFactory.getLogger(SharedSecret.class);


    private final byte[] bytes;

    private SharedSecret(byte[] bytes) {
        this.bytes = bytes;
    }

    /**
     * The secret in {@code file}: its one line, surrounding white space and the final newline
     * dropped, as UTF-8 bytes.
     *
     * @throws ConfigException naming {@link #KEY}, the file and what is wrong (never the secret):
     *                         missing, unreadable, a mode that lets group or others in (named),
     *                         not a regular file, empty, more than one line, control characters
     * @throws IOException     when reading fails in another way
     */
    static SharedSecret read(Path file) throws IOException {
        String where = KEY + ": " + file;
        byte[] raw = SecretFiles.readOwnerOnly(file, KEY, "a RADIUS shared secret", MAX_FILE_BYTES);
        String text = new String(raw, StandardCharsets.UTF_8).strip();
        Arrays.fill(raw, (byte) 0);
        if (text.isEmpty()) {
            throw new ConfigException(where + ": empty, expected one line with the RADIUS shared secret");
        }
        if (text.indexOf('\n') >= 0 || text.indexOf('\r') >= 0) {
            throw new ConfigException(where + ": more than one line, expected one line with the shared secret");
        }
        if (text.chars().anyMatch(Character::isISOControl)) {
            throw new ConfigException(where + ": has control characters, expected one line of text");
        }
        byte[] secret = text.getBytes(StandardCharsets.UTF_8);
        if (secret.length < RECOMMENDED_MIN_BYTES) {
            LOG.warn("{}: the RADIUS shared secret has {} bytes; RFC 2865 recommends at least {}"
                    + " (e.g. openssl rand -hex 16, set on the RADIUS server too)", where, secret.length,
                    RECOMMENDED_MIN_BYTES);
        }
        return new SharedSecret(secret);
    }

    /** A copy of the secret's bytes, for the RADIUS codec. */
    byte[] bytes() {
        return bytes.clone();
    }

    @Override
    public String toString() {
        return "SharedSecret[hidden]";
    }

}
