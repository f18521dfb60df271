package org.jumpgate.admin;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Objects;
import java.util.regex.Pattern;
import org.jumpgate.common.ConfigException;
import org.jumpgate.common.SecretFiles;

/**
 * The admin API's bearer token ({@code admin.tokenFile}), read from a file that only its owner
 * may read. The token itself is never logged nor shown: {@link #toString()} hides it.
 */
public final class AdminToken {

    /** A token file larger than this is refused: it holds one line. */
    public static final int MAX_FILE_BYTES = 4096;

    /** Shorter tokens are refused: {@code openssl rand -hex 32} gives 64 characters. */
    public static final int MIN_LENGTH = 16;

    /** RFC 6750 {@code b64token}: what an {@code Authorization: Bearer} header may carry. */
    private static final Pattern B64TOKEN = Pattern.compile("[A-Za-z0-9._~+/-]+=*");


    private final String token;
    private final byte[] digest;

    private AdminToken(String token) {
        this.token = token;
        this.digest = sha256(token);
    }

    /**
     * The token in {@code file}: one line (surrounding white space and the final newline are
     * dropped), at least {@link #MIN_LENGTH} characters of RFC 6750's token alphabet.
     *
     * @param key how the operator named the file, for the error lines ({@code admin.tokenFile},
     *            {@code --token-file})
     * @throws ConfigException naming {@code key}, the file and what is wrong: unreadable, its mode
     *                         lets group or others in (its mode is named), empty, too long, not a token
     */
    public static AdminToken read(Path file, String key) {
        String where = key + ": " + file;
        byte[] bytes;
        try {
            bytes = SecretFiles.readOwnerOnly(file, key, "a token", MAX_FILE_BYTES);
        } catch (IOException e) {
            throw new ConfigException(where + ": cannot read (" + e.getMessage() + ")");
        }
        String text = new String(bytes, StandardCharsets.US_ASCII).strip();
        if (text.isEmpty()) {
            throw new ConfigException(where + ": empty, expected one line with the token"
                    + " (e.g. from openssl rand -hex 32)");
        }
        if (!B64TOKEN.matcher(text).matches()) {
            throw new ConfigException(where + ": not a token, expected one line of letters, digits"
                    + " and -._~+/ (e.g. from openssl rand -hex 32)");
        }
        if (text.length() < MIN_LENGTH) {
            throw new ConfigException(where + ": " + text.length() + " characters, expected at least " + MIN_LENGTH
                    + " (e.g. from openssl rand -hex 32)");
        }
        return new AdminToken(text);
    }

    /** A token given as text (tests); the same rules as in a file. */
    static AdminToken of(String token) {
        Objects.requireNonNull(token, "token");
        if (!B64TOKEN.matcher(token).matches() || token.length() < MIN_LENGTH) {
            throw new IllegalArgumentException("not a token of at least " + MIN_LENGTH + " characters");
        }
        return new AdminToken(token);
    }

    /** True if {@code presented} is this token; takes the same time whatever it is (digests compared). */
    boolean matches(String presented) {
        return MessageDigest.isEqual(digest, sha256(presented));
    }

    /** The {@code Authorization} header value that carries it. */
    String authorization() {
        return "Bearer " + token;
    }

    @Override
    public String toString() {
        return "AdminToken[hidden]";
    }

    private static byte[] sha256(String s) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this Java", e);
        }
    }

}
