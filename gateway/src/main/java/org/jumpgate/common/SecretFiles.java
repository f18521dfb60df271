package org.jumpgate.common;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.EnumSet;
import java.util.Set;

/**
 * Small secret files an operator writes (the admin token, the RADIUS shared secret): read only
 * when group and others have no permission on them, and every problem one line naming the
 * config key, the file and, for a mode, its octal and symbolic form.
 */
public final class SecretFiles {

    private static final Set<PosixFilePermission> GROUP_OR_OTHERS = EnumSet.of(
            PosixFilePermission.GROUP_READ, PosixFilePermission.GROUP_WRITE, PosixFilePermission.GROUP_EXECUTE,
            PosixFilePermission.OTHERS_READ, PosixFilePermission.OTHERS_WRITE, PosixFilePermission.OTHERS_EXECUTE);

    private SecretFiles() {
    }

    /**
     * The bytes of {@code file}, at most {@code maxBytes}.
     *
     * @param key  the config key (or option) that named the file, for the error lines
     * @param what what the file holds, e.g. "a token", in the error lines
     * @throws ConfigException missing, not a regular file, permission denied, a mode that lets
     *                         group or others in, larger than {@code maxBytes}
     * @throws IOException     when reading fails in another way
     */
    public static byte[] readOwnerOnly(Path file, String key, String what, int maxBytes) throws IOException {
        String where = key + ": " + file;
        byte[] bytes;
        try {
            PosixFileAttributeView posix = Files.getFileAttributeView(file, PosixFileAttributeView.class);
            if (posix != null) {
                Set<PosixFilePermission> perms = posix.readAttributes().permissions();
                if (perms.stream().anyMatch(GROUP_OR_OTHERS::contains)) {
                    throw new ConfigException(where + " has mode " + octal(perms) + " ("
                            + PosixFilePermissions.toString(perms) + "), expected 0600: " + what
                            + " that group or others can read is refused (chmod 600 " + file + ")");
                }
            }
            if (!Files.isRegularFile(file)) {
                throw new ConfigException(where + ": not a regular file, expected a file holding " + what);
            }
            try (InputStream in = Files.newInputStream(file)) {
                bytes = in.readNBytes(maxBytes + 1);
            }
        } catch (NoSuchFileException e) {
            throw new ConfigException(where + ": no such file, expected a file holding " + what);
        } catch (AccessDeniedException e) {
            throw new ConfigException(where + ": permission denied");
        }
        if (bytes.length > maxBytes) {
            throw new ConfigException(where + ": larger than " + maxBytes + " bytes, expected one line");
        }
        return bytes;
    }

    /** A mode as {@code 0640}. */
    public static String octal(Set<PosixFilePermission> perms) {
        int mode = 0;
        for (PosixFilePermission p : perms) {
            mode |= 1 << (8 - p.ordinal());
        }
        return String.format("%04o", mode);
    }
}
