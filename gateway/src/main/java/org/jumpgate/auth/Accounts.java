package org.jumpgate.auth;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Clock;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jumpgate.common.ConfigException;
import org.jumpgate.config.Section;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Account policy from an optional YAML file: per user {@code status} (active, disabled),
 * {@code expires} (a date; the account works through that day) and {@code groups}; optionally
 * {@code allowedGroups}. A user the file does not list is refused unless it says
 * {@code unlisted: allow}. The file is re-read when it changes; a bad edit keeps the last good one.
 * An unknown key (a misspelt {@code expires}) is an error, as everywhere in the config.
 */
public final class Accounts {

    private static final Logger LOG = LoggerFactory.getLogger(Accounts.class);

    private static final Set<String> TOP_KEYS = Set.of("users", "allowedGroups", "unlisted");
    private static final Set<String> USER_KEYS = Set.of("status", "reason", "expires", "groups");

    /** An accounts file larger than this is refused. */
    public static final long MAX_FILE_BYTES = 16L << 20;

    /** Whether a user may log in, and the line they see if not. */
    public record Decision(boolean allowed, String message) {
        static final Decision OK = new Decision(true, "");
    }

    record Account(String status, String reason, LocalDate expires, Set<String> groups) {
    }

    record Table(Map<String, Account> users, Set<String> allowedGroups, boolean allowUnlisted) {
    }

    private final Path file;
    private final Clock clock;
    private volatile Table table;
    private volatile FileTime loadedAt;

    private Accounts(Path file, Clock clock, Table table, FileTime loadedAt) {
        this.file = file;
        this.clock = clock;
        this.table = table;
        this.loadedAt = loadedAt;
    }

    /** No accounts file: everyone with a key (and code) may come in. */
    public static Accounts none() {
        return new Accounts(null, Clock.systemUTC(), null, null);
    }

    public static Accounts load(Path file, Clock clock) throws ConfigException {
        try {
            FileTime t = Files.getLastModifiedTime(file);
            return new Accounts(file, clock, parse(file), t);
        } catch (IOException e) {
            throw new ConfigException("auth.accounts: cannot read " + file + " (" + e.getMessage() + ")");
        }
    }

    public Decision decide(String user) {
        Table t = current();
        if (t == null) {
            return Decision.OK;
        }
        Account a = t.users().get(user);
        if (a == null) {
            return t.allowUnlisted() ? Decision.OK
                    : new Decision(false, "jumpgate: no active account for " + user
                            + " on this cluster; contact your cluster's IT support.");
        }
        if (!a.status().equals("active")) {
            return new Decision(false, "jumpgate: account " + user + " is disabled"
                    + (a.reason() != null ? " (" + a.reason() + ")" : "") + "; contact your cluster's IT support.");
        }
        if (a.expires() != null && LocalDate.now(clock).isAfter(a.expires())) {
            return new Decision(false, "jumpgate: account " + user + " expired on " + a.expires()
                    + "; contact your cluster's IT support to renew it.");
        }
        if (!t.allowedGroups().isEmpty() && a.groups().stream().noneMatch(t.allowedGroups()::contains)) {
            return new Decision(false, "jumpgate: account " + user + " is not in a group allowed on this cluster ("
                    + String.join(", ", t.allowedGroups().stream().sorted().toList()) + ").");
        }
        return Decision.OK;
    }

    private Table current() {
        if (file == null) {
            return null;
        }
        try {
            FileTime t = Files.getLastModifiedTime(file);
            if (!t.equals(loadedAt)) {
                table = parse(file);
                loadedAt = t;
                LOG.info("accounts reloaded from {}", file);
            }
        } catch (IOException | ConfigException e) {
            LOG.error("accounts file {} not reloaded, keeping the last good one: {}", file, e.getMessage());
        }
        return table;
    }

    static Table parse(Path file) throws ConfigException, IOException {
        if (Files.size(file) > MAX_FILE_BYTES) {
            throw new ConfigException("auth.accounts: " + file + " is larger than " + MAX_FILE_BYTES + " bytes");
        }
        String where = file.toString();
        try {
            return read(Section.parse(Files.readString(file), file.toAbsolutePath().getParent(),
                    "users: missing, expected a mapping of user name to account"));
        } catch (ConfigException e) {
            throw new ConfigException(e.errors().stream().map(line -> where + ": " + line).toList());
        }
    }

    private static Table read(Section root) {
        root.onlyKeys(TOP_KEYS);
        if (!root.has("users")) {
            root.error("users", "missing, expected a mapping of user name to account");
        }
        Section usersSection = root.section("users");
        Map<String, Account> users = new HashMap<>();
        for (String name : usersSection.fields()) {
            Section u = usersSection.section(name);
            u.onlyKeys(USER_KEYS);
            String status = u.value("status", "active", s -> {
                if (!s.equals("active") && !s.equals("disabled")) {
                    throw new IllegalArgumentException("expected active or disabled");
                }
                return s;
            });
            LocalDate expires = u.value("expires", null, s -> {
                try {
                    return LocalDate.parse(s.strip());
                } catch (DateTimeParseException ex) {
                    throw new IllegalArgumentException("expected a date YYYY-MM-DD");
                }
            });
            List<String> groups = u.strings("groups");
            String reason = u.value("reason", null, s -> s);
            if (status != null) {
                users.put(name, new Account(status, reason, expires, Set.copyOf(groups)));
            }
        }
        List<String> allowed = root.strings("allowedGroups");
        String unlisted = root.value("unlisted", "deny", s -> {
            if (!s.equals("allow") && !s.equals("deny")) {
                throw new IllegalArgumentException("expected allow or deny");
            }
            return s;
        });
        root.throwIfErrors();
        return new Table(Map.copyOf(users), Set.copyOf(allowed), "allow".equals(unlisted));
    }
}
