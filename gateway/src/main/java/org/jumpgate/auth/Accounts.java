package org.jumpgate.auth;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Clock;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jumpgate.config.ConfigException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Account policy from an optional YAML file: per user {@code status} (active, disabled),
 * {@code expires} (a date; the account works through that day) and {@code groups}; optionally
 * {@code allowedGroups}. A user the file does not list is refused unless it says
 * {@code unlisted: allow}. The file is re-read when it changes; a bad edit keeps the last good one.
 */
public final class Accounts {

    private static final Logger LOG = LoggerFactory.getLogger(Accounts.class);

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
            throw new ConfigException(List.of("auth.accounts: cannot read " + file + " (" + e.getMessage() + ")"));
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
            throw new ConfigException(List.of("auth.accounts: " + file + " is larger than " + MAX_FILE_BYTES + " bytes"));
        }
        JsonNode root = new ObjectMapper(new YAMLFactory()).readTree(Files.readString(file));
        List<String> errors = new ArrayList<>();
        Map<String, Account> users = new HashMap<>();
        String where = file.toString();
        if (root == null || !root.path("users").isObject()) {
            throw new ConfigException(List.of(where + ": users: missing, expected a mapping of user name to account"));
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = root.get("users").fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            String key = where + ": users." + e.getKey();
            JsonNode u = e.getValue();
            String status = u.path("status").asText("active");
            if (!status.equals("active") && !status.equals("disabled")) {
                errors.add(key + ".status: '" + status + "', expected active or disabled");
            }
            LocalDate expires = null;
            if (u.hasNonNull("expires")) {
                try {
                    expires = LocalDate.parse(u.get("expires").asText());
                } catch (DateTimeParseException ex) {
                    errors.add(key + ".expires: '" + u.get("expires").asText() + "', expected a date YYYY-MM-DD");
                }
            }
            List<String> groups = new ArrayList<>();
            u.path("groups").forEach(g -> groups.add(g.asText()));
            users.put(e.getKey(), new Account(status, u.hasNonNull("reason") ? u.get("reason").asText() : null,
                    expires, Set.copyOf(groups)));
        }
        List<String> allowed = new ArrayList<>();
        root.path("allowedGroups").forEach(g -> allowed.add(g.asText()));
        String unlisted = root.path("unlisted").asText("deny");
        if (!unlisted.equals("allow") && !unlisted.equals("deny")) {
            errors.add(where + ": unlisted: '" + unlisted + "', expected allow or deny");
        }
        if (!errors.isEmpty()) {
            throw new ConfigException(errors);
        }
        return new Table(Map.copyOf(users), Set.copyOf(allowed), unlisted.equals("allow"));
    }
}
