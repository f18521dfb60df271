package org.jumpgate.auth;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.jumpgate.config.PathTemplate;

/**
 * OpenSSH's {@code StrictModes} for the files that decide who gets in: a file anyone but its
 * owner could have written is not trusted, and neither is one owned by someone who is not
 * trusted. Such a file refuses its user (never read, never half-used), with a log line naming
 * the file and its mode.
 *
 * <ul>
 * <li>An authorized_keys file, and every directory above it up to {@code /}: owned by root, by
 *     the user it is for, or by the user the gateway runs as; not writable by group or others.
 *     A directory writable by others with the sticky bit (like {@code /tmp}) is fine, as nobody
 *     else can replace what is in it.</li>
 * <li>A TOTP secret: the same, and also not readable by group or others (the secret is the
 *     second factor).</li>
 * </ul>
 *
 * <p>The checks are read-only and cheap (one {@code stat} per path element), so they run at every
 * authentication, and a file fixed by the operator is trusted again at the next attempt.
 * {@link #survey} reports every such file at once, for an operator's {@code jumpgate check}.
 */
public final class StrictModes {

    private static final int GROUP_OTHER_WRITE = 0022;
    private static final int GROUP_OTHER_READ_WRITE = 0066;
    private static final int STICKY = 01000;
    private static final StrictModes STANDARD = new StrictModes(System.getProperty("user.name"));

    /** Which kind of file, named as operators and the audit log know it. */
    public enum Kind {
        AUTHORIZED_KEYS("authorized_keys"), TOTP_SECRET("TOTP secret");

        private final String label;

        Kind(String label) {
            this.label = label;
        }

        @Override
        public String toString() {
            return label;
        }
    }

    /**
     * A file not to be trusted: {@code path} is the file itself or the directory above it that
     * is at fault; {@code mode} its permission bits in octal ({@code 0664}); {@code what} what
     * is wrong ("is writable by others").
     */
    public record Problem(Kind kind, Path file, Path path, String mode, String what) {

        /** For the audit log and the user's refusal reason: {@code authorized_keys is writable by others (0664)}. */
        public String summary() {
            return (path.equals(file) ? kind.toString() : kind + " directory " + path) + " " + what + " (" + mode + ")";
        }

        /** For the operator's log: the file, then the summary. */
        public String detail() {
            return file + ": " + summary();
        }
    }

    private final String gatewayUser;

    private StrictModes(String gatewayUser) {
        this.gatewayUser = gatewayUser;
    }

    /** Trusting root, the user a file is for, and the user this JVM runs as. */
    public static StrictModes standard() {
        return STANDARD;
    }

    /**
     * What is wrong with {@code user}'s authorized_keys {@code file}, if anything.
     *
     * @throws NoSuchFileException if the file is not there (the caller treats that as no keys)
     */
    public Optional<Problem> authorizedKeys(String user, Path file) throws IOException {
        return check(Kind.AUTHORIZED_KEYS, user, file, GROUP_OTHER_WRITE);
    }

    /**
     * What is wrong with {@code user}'s TOTP secret {@code file}, if anything.
     *
     * @throws NoSuchFileException if the file is not there
     */
    public Optional<Problem> totpSecret(String user, Path file) throws IOException {
        return check(Kind.TOTP_SECRET, user, file, GROUP_OTHER_READ_WRITE);
    }

    /**
     * Every unsafe authorized_keys file and TOTP secret of every user that has one under these
     * templates (the users are found by listing where {@code %u} stands), in user order. For
     * {@code jumpgate check}: the operator sees all of them at once. A file that cannot be read
     * is reported too.
     *
     * @param totpSecrets the secrets' template, or empty when no second factor is configured
     */
    public List<Problem> survey(PathTemplate authorizedKeys, Optional<PathTemplate> totpSecrets) {
        List<Problem> problems = new ArrayList<>();
        survey(Kind.AUTHORIZED_KEYS, authorizedKeys, problems);
        totpSecrets.ifPresent(t -> survey(Kind.TOTP_SECRET, t, problems));
        return problems;
    }

    private void survey(Kind kind, PathTemplate template, List<Problem> problems) {
        for (String user : users(template)) {
            Path file = template.resolve(user);
            try {
                (kind == Kind.AUTHORIZED_KEYS ? authorizedKeys(user, file) : totpSecret(user, file))
                        .ifPresent(problems::add);
            } catch (NoSuchFileException e) {
                // listed a moment ago, gone now: nothing to trust, nothing to report
            } catch (IOException e) {
                problems.add(new Problem(kind, file, file, "?", "cannot be checked: " + e.getMessage()));
            }
        }
    }

    /**
     * The user names for which {@code template} names an existing file, found by listing each
     * directory where {@code %u} stands in a path element (e.g. {@code /etc/jumpgate/keys/%u},
     * {@code /home/%u/.ssh/authorized_keys}). Names that are not valid user names are skipped.
     *
     * @throws UncheckedIOException when such a directory exists but cannot be listed
     */
    public static Set<String> users(PathTemplate template) {
        Set<String> users = new TreeSet<>();
        Path path = Path.of(template.template());
        Path start = path.isAbsolute() ? path.getRoot() : Path.of("");
        collect(start, path, 0, null, users);
        return users;
    }

    private static void collect(Path at, Path template, int index, String user, Set<String> users) {
        if (index == template.getNameCount()) {
            if (user != null && Files.isRegularFile(at)) {
                users.add(user);
            }
            return;
        }
        String element = template.getName(index).toString();
        if (!element.contains("%u")) {
            collect(at.resolve(element), template, index + 1, user, users);
        } else if (user != null) {
            collect(at.resolve(element.replace("%u", user)), template, index + 1, user, users);
        } else {
            Pattern p = elementPattern(element);
            try (DirectoryStream<Path> entries = Files.newDirectoryStream(at.toString().isEmpty() ? Path.of(".") : at)) {
                for (Path entry : entries) {
                    Matcher m = p.matcher(entry.getFileName().toString());
                    if (m.matches() && PathTemplate.isValidUserName(m.group(1))) {
                        collect(at.resolve(entry.getFileName()), template, index + 1, m.group(1), users);
                    }
                }
            } catch (NoSuchFileException e) {
                // no such directory: no users here
            } catch (IOException e) {
                throw new UncheckedIOException("cannot list " + at + " for " + template, e);
            }
        }
    }

    /** A path element with {@code %u} as a pattern: the first {@code %u} captures a user name, later ones must repeat it. */
    private static Pattern elementPattern(String element) {
        String[] parts = element.split("%u", -1);
        StringBuilder re = new StringBuilder(Pattern.quote(parts[0]));
        for (int i = 1; i < parts.length; i++) {
            re.append(i == 1 ? "(" + PathTemplate.USER_NAME.pattern() + ")" : "\\1").append(Pattern.quote(parts[i]));
        }
        return Pattern.compile(re.toString());
    }

    private Optional<Problem> check(Kind kind, String user, Path file, int forbidden) throws IOException {
        Path real = file.toRealPath();
        PosixFileAttributes a = Files.readAttributes(real, PosixFileAttributes.class);
        if (!a.isRegularFile()) {
            return Optional.of(new Problem(kind, file, file, mode(real, a), "is not a regular file"));
        }
        Optional<Problem> owner = owner(kind, user, file, file, real, a);
        if (owner.isPresent()) {
            return owner;
        }
        int mode = bits(real, a);
        if ((mode & forbidden) != 0) {
            String what = (mode & forbidden & 0044) != 0 ? "is readable by others" : "is writable by others";
            return Optional.of(new Problem(kind, file, file, octal(mode), what));
        }
        for (Path dir = real.getParent(); dir != null; dir = dir.getParent()) {
            PosixFileAttributes d = Files.readAttributes(dir, PosixFileAttributes.class);
            Optional<Problem> dirOwner = owner(kind, user, file, dir, dir, d);
            if (dirOwner.isPresent()) {
                return dirOwner;
            }
            int dirMode = bits(dir, d);
            if ((dirMode & GROUP_OTHER_WRITE) != 0 && (dirMode & STICKY) == 0) {
                return Optional.of(new Problem(kind, file, dir, octal(dirMode), "is writable by others"));
            }
        }
        return Optional.empty();
    }

    private Optional<Problem> owner(Kind kind, String user, Path file, Path shown, Path real, PosixFileAttributes a)
            throws IOException {
        String owner = a.owner().getName();
        if (uid(real) == 0 || owner.equals(user) || owner.equals(gatewayUser)) {
            return Optional.empty();
        }
        List<String> trusted = new ArrayList<>(List.of(user));
        Stream.of("root", gatewayUser).filter(u -> !trusted.contains(u)).forEach(trusted::add);
        return Optional.of(new Problem(kind, file, shown, mode(real, a), "is owned by " + owner + ", not by "
                + String.join(", ", trusted.subList(0, trusted.size() - 1)) + " or " + trusted.get(trusted.size() - 1)));
    }

    /** The file's uid where the platform says it ({@code unix:uid}), else 0 only for an owner named root. */
    private static int uid(Path real) throws IOException {
        try {
            return (Integer) Files.getAttribute(real, "unix:uid");
        } catch (UnsupportedOperationException | IllegalArgumentException e) {
            return Files.getOwner(real).getName().equals("root") ? 0 : -1;
        }
    }

    /** Permission bits with setuid/setgid/sticky where the platform gives them ({@code unix:mode}). */
    private static int bits(Path real, PosixFileAttributes a) throws IOException {
        try {
            return (Integer) Files.getAttribute(real, "unix:mode") & 07777;
        } catch (UnsupportedOperationException | IllegalArgumentException e) {
            int m = 0;
            for (PosixFilePermission p : a.permissions()) {
                m |= 0400 >> p.ordinal();
            }
            return m;
        }
    }

    private static String mode(Path real, PosixFileAttributes a) throws IOException {
        return octal(bits(real, a));
    }

    /** {@code 0664}, {@code 1777}: four octal digits, as {@code stat -c %a} with a leading 0 or the special bits. */
    static String octal(int mode) {
        return String.format("%04o", mode & 07777);
    }
}
