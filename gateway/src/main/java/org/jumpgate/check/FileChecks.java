package org.jumpgate.check;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.security.GeneralSecurityException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.jumpgate.admin.AdminToken;
import org.jumpgate.auth.Accounts;
import org.jumpgate.auth.StrictModes;
import org.jumpgate.common.ConfigException;
import org.jumpgate.common.SecretFiles;
import org.jumpgate.config.NamedFiles;
import org.jumpgate.config.PathTemplate;
import org.jumpgate.keys.HostKeys;
import org.jumpgate.keys.KeyFiles;
import org.jumpgate.keys.UserCa;
import org.jumpgate.radius.RadiusClient;
import org.jspecify.annotations.Nullable;

/**
 * The file rules of {@link ConfigCheck}, for the user this JVM runs as (under systemd, the
 * gateway's own user: {@code ExecStartPre} runs as {@code User=}, in the same sandbox, so
 * "writable" means writable there). Each problem is one line: {@code key: path: what is wrong}.
 */
final class FileChecks {

    /** Users named in a warning at most; the rest are counted. */
    static final int MAX_NAMED_USERS = 10;

    private static final Set<PosixFilePermission> GROUP_OR_OTHERS_WRITE =
            EnumSet.of(PosixFilePermission.GROUP_WRITE, PosixFilePermission.OTHERS_WRITE);
    private static final Set<PosixFilePermission> GROUP_OR_OTHERS_READ =
            EnumSet.of(PosixFilePermission.GROUP_READ, PosixFilePermission.OTHERS_READ);

    private final String user;
    private final List<String> errors = new ArrayList<>();
    private final List<String> warnings = new ArrayList<>();
    private int usersWithKeys = -1;

    private FileChecks(String user) {
        this.user = user;
    }

    static FileChecks asThisUser() {
        return new FileChecks(System.getProperty("user.name"));
    }

    List<String> errors() {
        return errors;
    }

    List<String> warnings() {
        return warnings;
    }

    /** How many users have an authorized_keys file, or -1 when that could not be looked at. */
    int usersWithKeys() {
        return usersWithKeys;
    }

    /** Every rule, in the order of the config's keys. */
    void all(NamedFiles n) {
        if (n.dataDir() != null) {
            dataDir(n.dataDir());
        }
        boolean keysDir = n.authorizedKeys() != null && template("auth.authorizedKeys", n.authorizedKeys(),
                "the users' authorized_keys files");
        boolean totpDir = n.totpSecrets() != null && template("auth.totpSecrets", n.totpSecrets(),
                "the users' TOTP secrets");
        if (n.accounts() != null) {
            accounts(n.accounts());
        }
        if (n.radiusSecretFile() != null) {
            radiusSecret(n.radiusSecretFile());
        }
        if (keysDir) {
            strictModes(n.authorizedKeys(), totpDir ? n.totpSecrets() : null);
        }
        if (n.knownHosts() != null) {
            knownHosts(n.knownHosts(), n.strictHostKeys(), n.dataDir());
        }
        if (n.auditFile() != null) {
            auditFile(n.auditFile());
        }
        if (n.squeue() != null) {
            squeue(n.squeue());
        }
        if (n.slurmConf() != null) {
            readableFile("jobs.slurmConf", n.slurmConf(), "the slurm.conf squeue reads");
        }
        if (n.restTokenFile() != null && readableFile("jobs.restTokenFile", n.restTokenFile(),
                "a file holding a JWT from scontrol token")) {
            secretMode("jobs.restTokenFile", n.restTokenFile(), "whoever can read it asks slurmrestd as the gateway");
        }
        if (n.jobsFile() != null) {
            readableFile("jobs.file", n.jobsFile(), "a YAML file of user: [node, ...]");
        }
        if (n.adminTokenFile() != null) {
            collect(() -> AdminToken.read(n.adminTokenFile(), "admin.tokenFile"));
        }
    }

    /** dataDir: there (or makeable), writable, not writable by others; the keys in it readable by their loader. */
    private void dataDir(Path dir) {
        String key = "dataDir";
        BasicFileAttributes a;
        try {
            a = at(dir);
        } catch (IOException e) {
            error(key, dir, unreachable(dir, e));
            return;
        }
        if (a == null) {
            Path existing = dir.toAbsolutePath().getParent();
            while (existing != null && !Files.exists(existing)) {
                existing = existing.getParent();
            }
            if (existing == null || !Files.isDirectory(existing)) {
                error(key, dir, "no such directory, and it cannot be made: " + existing + " is not a directory");
            } else if (!Files.isWritable(existing) || !Files.isExecutable(existing)) {
                error(key, dir, "no such directory, and " + user + " cannot make it in " + existing + " ("
                        + describe(existing) + ")");
            } else {
                warning(key, dir, "does not exist yet: made at start, with new host keys and a new CA key");
            }
            return;
        }
        if (!a.isDirectory()) {
            error(key, dir, "not a directory, expected the directory of the host keys and the CA key");
            return;
        }
        if (!Files.isReadable(dir) || !Files.isWritable(dir) || !Files.isExecutable(dir)) {
            error(key, dir, "cannot be written by " + user + " (" + describe(dir)
                    + "), expected a directory the gateway owns (host keys, CA key, known_hosts)");
            return;
        }
        Set<PosixFilePermission> perms = permissions(dir);
        if (perms != null && perms.stream().anyMatch(GROUP_OR_OTHERS_WRITE::contains)) {
            error(key, dir, "writable by group or others (" + describe(dir)
                    + "), expected 0700: whoever can write it can replace the host keys and the CA key");
        }
        List<Path> keys = new ArrayList<>(HostKeys.files(dir));
        keys.add(dir.resolve(UserCa.FILE));
        List<String> missing = new ArrayList<>();
        for (Path file : keys) {
            if (!Files.exists(file)) {
                missing.add(file.getFileName().toString());
            } else if (readableFile(key, file, "a private key")) {
                try {
                    KeyFiles.read(file);
                } catch (IOException | GeneralSecurityException e) {
                    String m = String.valueOf(e.getMessage());
                    errors.add(key + ": " + (m.startsWith(file.toString()) ? m : file + ": " + m));
                }
            }
        }
        if (!missing.isEmpty()) {
            warning(key, dir, "no " + String.join(", ", missing) + " yet: made at start (the second gateway of"
                    + " a pair copies them from the first, so both show the same host keys and CA)");
        }
    }

    /** The fixed directory of a {@code %u} template: there, a directory, readable. */
    private boolean template(String key, PathTemplate template, String what) {
        Path dir = fixedDirectory(template);
        return dir == null || directory(key, dir, false, "the directory of " + what + " (" + template + ")");
    }

    /** The directory above the first path element holding {@code %u} ({@code /home} of {@code /home/%u/.ssh/authorized_keys}). */
    static @Nullable Path fixedDirectory(PathTemplate template) {
        Path path = Path.of(template.template());
        Path dir = path.getRoot();
        for (Path element : path) {
            if (element.toString().contains("%u")) {
                return dir;
            }
            dir = dir == null ? element : dir.resolve(element);
        }
        return path.getParent();
    }

    private void accounts(Path file) {
        if (readableFile("auth.accounts", file, "the accounts file (users: status, expires, groups)")) {
            try {
                Accounts.load(file, Clock.systemUTC());
            } catch (ConfigException e) {
                e.errors().forEach(line -> errors.add(line.startsWith("auth.accounts") ? line : "auth.accounts: " + line));
            }
        }
    }

    private void radiusSecret(Path file) {
        try {
            RadiusClient.checkSecretFile(file);
        } catch (ConfigException e) {
            errors.addAll(e.errors());
        } catch (IOException e) {
            error("auth.radius.secretFile", file, "cannot be read (" + e.getMessage() + ")");
        }
    }

    /** StrictModes for every user's files, as at each login; users with a key but no secret are named. */
    private void strictModes(PathTemplate keys, @Nullable PathTemplate totp) {
        Set<String> withKeys;
        try {
            withKeys = StrictModes.users(keys);
            for (StrictModes.Problem p : StrictModes.standard().survey(keys, Optional.ofNullable(totp))) {
                errors.add((p.kind() == StrictModes.Kind.AUTHORIZED_KEYS ? "auth.authorizedKeys" : "auth.totpSecrets")
                        + ": " + p.detail());
            }
        } catch (UncheckedIOException e) {
            errors.add("auth: " + e.getMessage() + " (" + e.getCause().getMessage() + ")");
            return;
        }
        usersWithKeys = withKeys.size();
        if (withKeys.isEmpty()) {
            warnings.add("auth.authorizedKeys: " + keys + ": no user has a file yet: nobody can log in");
        } else if (totp != null) {
            Set<String> without = new TreeSet<>(withKeys);
            try {
                without.removeAll(StrictModes.users(totp));
            } catch (UncheckedIOException e) {
                return;
            }
            if (!without.isEmpty()) {
                List<String> named = without.stream().limit(MAX_NAMED_USERS).toList();
                warnings.add("auth.totpSecrets: " + totp + ": " + without.size() + " user"
                        + (without.size() == 1 ? " has" : "s have") + " a key but no TOTP secret, so cannot log in: "
                        + String.join(", ", named) + (without.size() > named.size() ? ", ..." : "")
                        + " (jumpgate totp enroll USER)");
            }
        }
    }

    private void knownHosts(Path file, boolean strict, @Nullable Path dataDir) {
        String key = "backendLink.knownHosts";
        if (strict) {
            readableFile(key, file, "the login nodes' host keys in known_hosts format (hostKeyCheck is strict)");
            return;
        }
        if (Files.exists(file)) {
            if (readableFile(key, file, "a known_hosts file") && !Files.isWritable(file)) {
                error(key, file, "cannot be written by " + user + " (" + describe(file)
                        + "), expected a file hostKeyCheck accept-new can add new login nodes' keys to");
            }
        } else {
            Path dir = file.toAbsolutePath().getParent();
            if (dir != null && (dataDir == null || !dir.equals(dataDir.toAbsolutePath()))) {
                directory(key, dir, true, "a directory where hostKeyCheck accept-new can write " + file.getFileName());
            }
        }
    }

    private void auditFile(Path file) {
        String key = "audit.file";
        Path dir = file.toAbsolutePath().getParent();
        if (dir != null && !directory(key, dir, true, "the directory of the audit log " + file.getFileName())) {
            return;
        }
        if (Files.exists(file) && readableFile(key, file, "the audit log") && !Files.isWritable(file)) {
            error(key, file, "cannot be written by " + user + " (" + describe(file) + ")");
        }
    }

    /** {@code jobs.squeue}: a path must be an executable; a bare name not on PATH is a warning (jumps refused). */
    private void squeue(String squeue) {
        String key = "jobs.squeue";
        if (squeue.contains("/")) {
            Path p = Path.of(squeue);
            if (readableFile(key, p, "the squeue command") && !Files.isExecutable(p)) {
                error(key, p, "cannot be run by " + user + " (" + describe(p) + ")");
            }
            return;
        }
        String path = String.valueOf(System.getenv("PATH"));
        for (String dir : path.split(File.pathSeparator)) {
            Path p = Path.of(dir.isEmpty() ? "." : dir, squeue);
            if (Files.isRegularFile(p) && Files.isExecutable(p)) {
                return;
            }
        }
        warnings.add(key + ": '" + squeue + "' is not on PATH (" + path
                + "): compute jumps will be refused as the scheduler is unreachable");
    }

    /** A secret group or others can read: a warning naming its mode. */
    private void secretMode(String key, Path file, String why) {
        Set<PosixFilePermission> perms = permissions(file);
        if (perms != null && perms.stream().anyMatch(GROUP_OR_OTHERS_READ::contains)) {
            warning(key, file, "readable by group or others (" + describe(file) + "): " + why + " (chmod 600 " + file + ")");
        }
    }

    /** A file the gateway reads: there, a regular file, readable; else an error line, and false. */
    boolean readableFile(String key, Path file, String expected) {
        try {
            BasicFileAttributes a = at(file);
            if (a == null) {
                Path dir = file.toAbsolutePath().getParent();
                return error(key, file, "no such file, expected " + expected
                        + (dir != null && !Files.exists(dir) ? " (its directory " + dir + " does not exist either)" : ""));
            }
            if (!a.isRegularFile()) {
                return error(key, file, (a.isDirectory() ? "a directory" : "not a regular file") + ", expected " + expected);
            }
            if (!Files.isReadable(file)) {
                return error(key, file, "cannot be read by " + user + " (" + describe(file) + ")");
            }
            return true;
        } catch (IOException e) {
            return error(key, file, unreachable(file, e));
        }
    }

    /** A directory the gateway lists or writes in: there, a directory, usable; else an error line, and false. */
    boolean directory(String key, Path dir, boolean write, String expected) {
        try {
            BasicFileAttributes a = at(dir);
            if (a == null) {
                return error(key, dir, "no such directory, expected " + expected);
            }
            if (!a.isDirectory()) {
                return error(key, dir, "not a directory, expected " + expected);
            }
            if (!Files.isReadable(dir) || !Files.isExecutable(dir)) {
                return error(key, dir, "cannot be read by " + user + " (" + describe(dir) + ")");
            }
            if (write && !Files.isWritable(dir)) {
                return error(key, dir, "cannot be written by " + user + " (" + describe(dir) + "), expected " + expected);
            }
            return true;
        } catch (IOException e) {
            return error(key, dir, unreachable(dir, e));
        }
    }

    /** Runs one of the gateway's own readers; its refusals become errors. */
    private void collect(Runnable reader) {
        try {
            reader.run();
        } catch (ConfigException e) {
            errors.addAll(e.errors());
        }
    }

    /** The attributes of what is at {@code p}, null when nothing is. */
    private static @Nullable BasicFileAttributes at(Path p) throws IOException {
        try {
            return Files.readAttributes(p, BasicFileAttributes.class);
        } catch (NoSuchFileException e) {
            return null;
        }
    }

    private String unreachable(Path p, IOException e) {
        if (e instanceof AccessDeniedException) {
            return "cannot be reached by " + user + " (permission denied on a directory above it)";
        }
        for (Path up = p.toAbsolutePath().getParent(); up != null; up = up.getParent()) {
            if (Files.exists(up)) {
                if (!Files.isDirectory(up)) {
                    return "cannot be reached: " + up + " is not a directory";
                }
                break;
            }
        }
        String reason = e instanceof FileSystemException f && f.getReason() != null ? f.getReason() : e.getMessage();
        return "cannot be looked at (" + reason + ")";
    }

    /** {@code owner root, mode 0640}, as far as the platform tells. */
    private static String describe(Path p) {
        try {
            PosixFileAttributes a = Files.readAttributes(p, PosixFileAttributes.class);
            return "owner " + a.owner().getName() + ", mode " + SecretFiles.octal(a.permissions());
        } catch (IOException | UnsupportedOperationException e) {
            return "owner and mode unknown";
        }
    }

    private static @Nullable Set<PosixFilePermission> permissions(Path p) {
        try {
            return Files.getPosixFilePermissions(p);
        } catch (IOException | UnsupportedOperationException e) {
            return null;
        }
    }

    private boolean error(String key, Path path, String what) {
        errors.add(key + ": " + path + ": " + what);
        return false;
    }

    private void warning(String key, Path path, String what) {
        warnings.add(key + ": " + path + ": " + what);
    }
}
