package org.jumpgate.check;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.jumpgate.common.ConfigException;
import org.jumpgate.common.Durations;
import org.jumpgate.config.ConfigLoader;
import org.jumpgate.config.GatewayConfig;
import org.jumpgate.config.NamedFiles;
import org.jspecify.annotations.Nullable;

/**
 * Everything that would stop a gateway from starting, found without starting anything: the
 * config's own errors ({@link ConfigLoader}), then every file and directory it names, each
 * checked by the code the gateway reads it with (host keys, the accounts file, the admin token,
 * the RADIUS secret) or, for what is only opened later (the job file, the audit log's
 * directory), for being there and usable by the user this JVM runs as; then the StrictModes
 * survey of the users' authorized_keys files and TOTP secrets. Nothing is bound, written or
 * made. {@code jumpgate check} prints the report; {@code jumpgate serve} refuses to start on the
 * same errors, before it binds anything.
 */
public final class ConfigCheck {

    /**
     * What a check found.
     *
     * @param config   the config, when it has no error at all; null otherwise
     * @param errors   one line each: the key, the path (for a file) and what is wrong
     * @param warnings what does not stop the start but an operator should know (a dataDir made
     *                 at start, no user with a key yet)
     * @param summary  for an OK config: what it holds ({@code 4 login nodes, 3 users with authorized_keys})
     */
    public record Report(@Nullable GatewayConfig config, List<String> errors, List<String> warnings, String summary) {

        public Report {
            errors = List.copyOf(errors);
            warnings = List.copyOf(warnings);
        }

        public boolean ok() {
            return errors.isEmpty();
        }
    }

    private ConfigCheck() {
    }

    /** Reads {@code configFile} and checks all it names: every problem at once, in the order of the file's keys. */
    public static Report of(Path configFile) {
        List<String> errors = new ArrayList<>();
        GatewayConfig config = null;
        try {
            config = ConfigLoader.load(configFile);
        } catch (ConfigException e) {
            errors.addAll(e.errors());
        }
        NamedFiles named;
        if (config != null) {
            named = NamedFiles.of(config);
        } else {
            try {
                named = NamedFiles.read(configFile);
            } catch (ConfigException e) {
                return new Report(null, errors, List.of(), "");
            }
        }
        FileChecks files = FileChecks.asThisUser();
        files.all(named);
        errors.addAll(files.errors());
        return new Report(errors.isEmpty() ? config : null, errors, files.warnings(),
                config != null ? summary(config, files.usersWithKeys()) : "");
    }

    private static String summary(GatewayConfig c, int usersWithKeys) {
        StringBuilder s = new StringBuilder().append(c.backends().size()).append(" login node")
                .append(c.backends().size() == 1 ? "" : "s");
        if (!c.listeners().isEmpty()) {
            s.append(", ").append(c.listeners().size()).append(" pinned listener")
                    .append(c.listeners().size() == 1 ? "" : "s");
        }
        if (c.cpuJobs() != null) {
            s.append(", CPU jobs as '").append(c.cpuJobs().target()).append("' (").append(c.cpuJobs().jobName())
                    .append(", wait ").append(Durations.show(c.cpuJobs().pendingWait()))
                    .append(", idle ").append(Durations.show(c.cpuJobs().idle())).append(')');
        }
        if (usersWithKeys >= 0) {
            s.append(", ").append(usersWithKeys).append(" user").append(usersWithKeys == 1 ? "" : "s")
                    .append(" with authorized_keys");
        }
        return s.toString();
    }
}
