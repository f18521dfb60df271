package org.jumpgate.auth;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.PublicKey;
import java.time.Clock;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.apache.sshd.common.config.keys.AuthorizedKeyEntry;
import org.apache.sshd.common.config.keys.KeyUtils;
import org.apache.sshd.common.config.keys.PublicKeyEntryResolver;
import org.jumpgate.config.PathTemplate;
import org.jumpgate.connection.KeyPolicy;
import org.jumpgate.keys.CertRequest;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Per-user authorized_keys files in OpenSSH format. Options become the limits of the user's
 * certificate; an option this gateway does not enforce makes its line refused, with a log line,
 * never silently ignored. A file others could have written ({@link StrictModes}) is not read.
 */
public final class AuthorizedKeys {

    private static final Logger LOG = LoggerFactory.getLogger(AuthorizedKeys.class);

    /** An authorized_keys file larger than this is refused whole. */
    public static final long MAX_FILE_BYTES = 256 * 1024;
    /** At most this many key lines are read from one file. */
    public static final int MAX_KEYS = 256;

    private static final Map<String, String> RESTRICTIONS = Map.of(
            "no-pty", "permit-pty",
            "no-port-forwarding", "permit-port-forwarding",
            "no-agent-forwarding", "permit-agent-forwarding",
            "no-x11-forwarding", "permit-X11-forwarding",
            "no-user-rc", "permit-user-rc");
    private static final Map<String, String> PERMISSIONS = Map.of(
            "pty", "permit-pty",
            "port-forwarding", "permit-port-forwarding",
            "agent-forwarding", "permit-agent-forwarding",
            "x11-forwarding", "permit-X11-forwarding",
            "user-rc", "permit-user-rc");

    private final PathTemplate files;
    private final Clock clock;
    private final StrictModes strictModes = StrictModes.standard();

    public AuthorizedKeys(PathTemplate files, Clock clock) {
        this.files = files;
        this.clock = clock;
    }

    /** The policy of the line that authorizes {@code key} for {@code user} from {@code source}, if any. */
    public Optional<KeyPolicy> find(String user, PublicKey key, InetAddress source) {
        return lookup(user, key, source).policy();
    }

    /**
     * What {@code user}'s file says about {@code key}: the policy of the line that authorizes it,
     * or nothing; and when the whole file was refused because others could have written it
     * ({@link StrictModes}), why, for the audit log.
     */
    record Lookup(Optional<KeyPolicy> policy, Optional<String> refusal) {
        static final Lookup NONE = new Lookup(Optional.empty(), Optional.empty());
    }

    Lookup lookup(String user, PublicKey key, InetAddress source) {
        List<String> lines;
        Path file;
        try {
            file = files.resolve(user);
            Optional<StrictModes.Problem> unsafe = strictModes.authorizedKeys(user, file);
            if (unsafe.isPresent()) {
                LOG.warn("refused user {}: {}", user, unsafe.get().detail());
                return new Lookup(Optional.empty(), Optional.of(unsafe.get().summary()));
            }
            if (Files.size(file) > MAX_FILE_BYTES) {
                LOG.warn("authorized keys of {} refused: {} is larger than {} bytes", user, file, MAX_FILE_BYTES);
                return Lookup.NONE;
            }
            lines = Files.readAllLines(file);
        } catch (NoSuchFileException e) {
            return Lookup.NONE;
        } catch (IOException | IllegalArgumentException e) {
            LOG.warn("authorized keys of {} unreadable: {}", user, e.getMessage());
            return Lookup.NONE;
        }
        int keys = 0;
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).trim();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            if (++keys > MAX_KEYS) {
                LOG.warn("{}: more than {} keys, the rest are ignored", file, MAX_KEYS);
                break;
            }
            String where = file + ":" + (i + 1);
            AuthorizedKeyEntry entry;
            PublicKey candidate;
            try {
                entry = AuthorizedKeyEntry.parseAuthorizedKeyEntry(line);
                candidate = entry == null ? null : entry.resolvePublicKey(null, PublicKeyEntryResolver.IGNORING);
            } catch (Exception e) {
                LOG.warn("{}: line refused, not a key: {}", where, e.getMessage());
                continue;
            }
            if (candidate == null || !KeyUtils.compareKeys(candidate, key)) {
                continue;
            }
            Optional<KeyPolicy> policy = policy(where, entry.getLoginOptions(), KeyUtils.getFingerPrint(key), source);
            if (policy.isPresent()) {
                return new Lookup(policy, Optional.empty());
            }
        }
        return Lookup.NONE;
    }

    private Optional<KeyPolicy> policy(String where, Map<String, String> options, String fingerprint,
                                       InetAddress source) {
        Set<String> ext = new HashSet<>(CertRequest.ALL_EXTENSIONS);
        String command = null;
        for (Map.Entry<String, String> o : options.entrySet()) {
            String name = o.getKey().toLowerCase(java.util.Locale.ROOT);
            String value = o.getValue();
            if (name.equals("restrict")) {
                ext.clear();
            } else if (RESTRICTIONS.containsKey(name)) {
                ext.remove(RESTRICTIONS.get(name));
            } else if (PERMISSIONS.containsKey(name)) {
                ext.add(PERMISSIONS.get(name));
            } else if (name.equals("command")) {
                command = value;
            } else if (name.equals("from")) {
                if (!HostPatterns.matches(value, source)) {
                    LOG.info("{}: key refused from {}: not in from=\"{}\"", where, source.getHostAddress(), value);
                    return Optional.empty();
                }
            } else if (name.equals("expiry-time")) {
                if (!beforeExpiry(where, value)) {
                    return Optional.empty();
                }
            } else {
                LOG.warn("{}: line refused: option '{}' is not supported by jumpgate", where, o.getKey());
                return Optional.empty();
            }
        }
        // "restrict" then "pty" must end with pty allowed, whatever the order the parser kept
        if (options.containsKey("restrict")) {
            ext.clear();
            options.keySet().forEach(k -> {
                String p = PERMISSIONS.get(k.toLowerCase(java.util.Locale.ROOT));
                if (p != null) {
                    ext.add(p);
                }
            });
        }
        return Optional.of(new KeyPolicy(fingerprint, ext, command));
    }

    private boolean beforeExpiry(String where, String value) {
        String v = value.replace("\"", "");
        DateTimeFormatter f = DateTimeFormatter.ofPattern(v.length() == 8 ? "yyyyMMdd"
                : v.length() == 12 ? "yyyyMMddHHmm" : "yyyyMMddHHmmss");
        try {
            LocalDateTime expiry = v.length() == 8 ? java.time.LocalDate.parse(v, f).atStartOfDay()
                    : LocalDateTime.parse(v, f);
            if (!LocalDateTime.now(clock.withZone(ZoneId.systemDefault())).isBefore(expiry)) {
                LOG.info("{}: key refused: expiry-time {} has passed", where, v);
                return false;
            }
            return true;
        } catch (DateTimeParseException e) {
            LOG.warn("{}: line refused: expiry-time '{}' is not YYYYMMDD[HHMM[SS]]", where, v);
            return false;
        }
    }
}
