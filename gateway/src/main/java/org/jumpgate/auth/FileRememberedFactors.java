package org.jumpgate.auth;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import org.apache.sshd.server.session.ServerSession;
import org.jumpgate.keys.KeyFiles;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link RememberedFactors} in one JSON file in {@code dataDir} ({@code user -> "fingerprint address" -> until}, epoch milliseconds),
 * rewritten atomically (0600) at each change and read at start, expired entries dropped. A file
 * others could write is not trusted (it could let anyone skip codes): it is ignored with a log
 * line, and everyone is asked again.
 */
final class FileRememberedFactors implements RememberedFactors {

    private static final Logger LOG = LoggerFactory.getLogger(FileRememberedFactors.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final TypeReference<Map<String, Map<String, Long>>> TYPE = new TypeReference<>() {
    };

    /** Remembered (user, key, address) triples at most; past that the oldest are forgotten first. */
    static final int MAX_ENTRIES = 100_000;
    /** A file larger than this is not ours. */
    static final long MAX_FILE_BYTES = 64L << 20;

    private final Path file;
    private final Duration ttl;
    private final Clock clock;
    private final Map<String, Map<String, Long>> users;

    private FileRememberedFactors(Path file, Duration ttl, Clock clock, Map<String, Map<String, Long>> users) {
        this.file = file;
        this.ttl = ttl;
        this.clock = clock;
        this.users = users;
    }

    static FileRememberedFactors load(Path file, Duration ttl, Clock clock) throws IOException {
        Map<String, Map<String, Long>> users = new HashMap<>();
        if (Files.exists(file)) {
            Set<PosixFilePermission> p = Files.getPosixFilePermissions(file);
            if (p.contains(PosixFilePermission.GROUP_WRITE) || p.contains(PosixFilePermission.OTHERS_WRITE)
                    || Files.size(file) > MAX_FILE_BYTES) {
                LOG.warn("ignoring {}: writable by others or too large; every user is asked for a code again", file);
            } else {
                try {
                    users.putAll(JSON.readValue(file.toFile(), TYPE));
                } catch (IOException e) {
                    LOG.warn("ignoring {}: {}; every user is asked for a code again", file, e.getMessage());
                }
            }
        }
        FileRememberedFactors f = new FileRememberedFactors(file, ttl, clock, users);
        synchronized (f) {
            f.prune();
        }
        return f;
    }

    @Override
    public synchronized boolean covers(ServerSession session, String user) {
        String key = key(session);
        Map<String, Long> mine = users.get(user);
        Long until = key == null || mine == null ? null : mine.get(key);
        return until != null && clock.millis() < until;
    }

    @Override
    public synchronized void remember(ServerSession session, String user) {
        String key = key(session);
        if (key == null) {
            return;
        }
        users.computeIfAbsent(user, u -> new HashMap<>()).put(key, clock.millis() + ttl.toMillis());
        prune();
        save();
    }

    @Override
    public synchronized boolean forget(String user) {
        boolean had = users.remove(user) != null;
        if (had) {
            save();
        }
        return had;
    }

    private static @Nullable String key(ServerSession session) {
        return RememberedFactors.keyOf(session);
    }

    private void prune() {
        long now = clock.millis();
        users.values().forEach(m -> m.values().removeIf(until -> until == null || until <= now));
        users.values().removeIf(Map::isEmpty);
        long n = users.values().stream().mapToLong(Map::size).sum();
        while (n > MAX_ENTRIES) {
            String oldestUser = null;
            String oldestKey = null;
            long oldest = Long.MAX_VALUE;
            for (var u : users.entrySet()) {
                for (var e : u.getValue().entrySet()) {
                    if (e.getValue() < oldest) {
                        oldest = e.getValue();
                        oldestUser = u.getKey();
                        oldestKey = e.getKey();
                    }
                }
            }
            users.get(oldestUser).remove(oldestKey);
            users.values().removeIf(Map::isEmpty);
            n--;
        }
    }

    private void save() {
        try {
            KeyFiles.writeSecret(file, JSON.writeValueAsString(users));
        } catch (IOException e) {
            LOG.warn("cannot write {}: {} (what is remembered now is lost at the next restart)", file, e.getMessage());
        }
    }
}
