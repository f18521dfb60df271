package org.jumpgate.it.slurm;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.GroupPrincipal;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipal;
import java.nio.file.attribute.UserPrincipalLookupService;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.awaitility.Awaitility.await;

/**
 * Makes munge work: a key if there is none, the directories munged wants, and a munged, reused if
 * one already answers (then this fixture does not stop it) or started in the foreground as user
 * munge (then {@link #close()} stops it by pid).
 */
final class Munge implements AutoCloseable {

    static final Path KEY = Path.of("/etc/munge/munge.key");
    static final int KEY_BYTES = 1024;
    static final Duration READY = Duration.ofSeconds(20);

    private final Daemon started;

    private Munge(Daemon started) {
        this.started = started;
    }

    static Munge ensure(Path logDir) throws IOException {
        if (answers()) {
            return new Munge(null);
        }
        directory(Path.of("/etc/munge"), "rwx------");
        directory(Path.of("/var/lib/munge"), "rwx--x--x");
        directory(Path.of("/var/log/munge"), "rwx------");
        directory(Path.of("/run/munge"), "rwxr-xr-x");
        if (!Files.exists(KEY)) {
            byte[] key = new byte[KEY_BYTES];
            new SecureRandom().nextBytes(key);
            Files.write(KEY, key);
            own(KEY, "r--------");
        }
        Daemon munged = Daemon.start("munged", logDir.resolve("munged.out"), Map.of(),
                List.of("setpriv", "--reuid=munge", "--regid=munge", "--init-groups", "munged", "--foreground"));
        await().atMost(READY).pollInterval(Duration.ofMillis(100)).until(() -> {
            if (!munged.alive()) {
                throw new IllegalStateException("munged exited: " + Files.readString(munged.log()));
            }
            return answers();
        });
        return new Munge(munged);
    }

    /** Whether a credential can be made and decoded. */
    static boolean answers() {
        Command.Result encode = Command.run(Map.of(), Duration.ofSeconds(5), "sh", "-c", "munge -n | unmunge");
        return encode.ok();
    }

    private static void directory(Path dir, String mode) throws IOException {
        if (!Files.isDirectory(dir)) {
            Files.createDirectories(dir);
            own(dir, mode);
        }
    }

    private static void own(Path path, String mode) throws IOException {
        UserPrincipalLookupService names = path.getFileSystem().getUserPrincipalLookupService();
        UserPrincipal user = names.lookupPrincipalByName("munge");
        GroupPrincipal group = names.lookupPrincipalByGroupName("munge");
        PosixFileAttributeView view = Files.getFileAttributeView(path, PosixFileAttributeView.class);
        view.setOwner(user);
        view.setGroup(group);
        view.setPermissions(PosixFilePermissions.fromString(mode));
    }

    @Override
    public void close() {
        if (started != null) {
            started.stop();
        }
    }
}
