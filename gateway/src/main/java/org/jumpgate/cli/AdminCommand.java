package org.jumpgate.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintWriter;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.function.Function;
import org.jumpgate.admin.AdminClient;
import org.jumpgate.admin.AdminToken;
import org.jumpgate.admin.AdminTables;
import org.jumpgate.admin.AdminUnreachableException;
import org.jumpgate.common.Durations;
import org.jumpgate.common.ConfigException;
import org.jumpgate.common.HostPort;
import org.jumpgate.config.AdminConfig;
import org.jumpgate.config.ConfigLoader;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.ScopeType;

/** {@code jumpgate admin ...}: calls a running gateway's admin HTTP API. */
@Command(name = "admin", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
        description = "Look at and steer a running gateway through its admin API.",
        subcommands = {AdminCommand.Backends.class, AdminCommand.Drain.class, AdminCommand.Undrain.class,
                AdminCommand.Sessions.class, AdminCommand.Kill.class, AdminCommand.Forget.class,
                AdminCommand.Cluster.class, AdminCommand.Reload.class})
public final class AdminCommand implements Runnable {

    /** Where the admin API listens when neither {@code --admin} nor the config says otherwise. */
    public static final String DEFAULT_ADMIN = "127.0.0.1:9122";

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--admin", paramLabel = "HOST:PORT", scope = ScopeType.INHERIT,
            description = "the gateway's admin API (default: admin.listen from --config, else " + DEFAULT_ADMIN + ")")
    String admin;

    @Option(names = "--config", paramLabel = "FILE", scope = ScopeType.INHERIT,
            description = "the gateway's YAML configuration, to read admin.listen and admin.tokenFile from")
    Path config;

    @Option(names = "--token-file", paramLabel = "FILE", scope = ScopeType.INHERIT,
            description = "a file (0600) holding the admin API's bearer token (default: admin.tokenFile from --config)")
    Path tokenFile;

    @Option(names = "--timeout", paramLabel = "DURATION", defaultValue = "5s", scope = ScopeType.INHERIT,
            description = "how long to wait for the gateway (default ${DEFAULT-VALUE})")
    String timeout;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(),
                "a subcommand is required: backends, drain, undrain, sessions, kill, forget, cluster, reload");
    }

    /** The {@code admin:} section of {@code --config}, or null without one. */
    private @Nullable AdminConfig configured(CommandLine cl) {
        if (config == null) {
            return null;
        }
        try {
            return ConfigLoader.admin(config);
        } catch (ConfigException e) {
            throw new CommandLine.ParameterException(cl, String.join("; ", e.errors()));
        }
    }

    /**
     * The token to send: {@code --token-file}, else {@code admin.tokenFile} of {@code --config},
     * else none; a file others can read, or an empty one, is a usage error naming it.
     */
    @Nullable AdminToken token(CommandLine cl, @Nullable AdminConfig configured) {
        Path file = tokenFile != null ? tokenFile : configured != null ? configured.tokenFile() : null;
        if (file == null) {
            return null;
        }
        try {
            return AdminToken.read(file, tokenFile != null ? "--token-file" : "admin.tokenFile");
        } catch (ConfigException e) {
            throw new CommandLine.ParameterException(cl, String.join("; ", e.errors()));
        }
    }

    /** The admin API address: {@code --admin}, else {@code admin.listen} in {@code --config}, else the default. */
    HostPort target(CommandLine cl, @Nullable AdminConfig configured) {
        HostPort hp;
        if (admin != null) {
            try {
                hp = HostPort.parse(admin, -1);
            } catch (IllegalArgumentException e) {
                throw new CommandLine.ParameterException(cl, "--admin: " + e.getMessage());
            }
        } else if (configured != null) {
            hp = configured.listen();
        } else {
            hp = HostPort.parse(DEFAULT_ADMIN, -1);
        }
        // A gateway listening on every address is reached on loopback.
        return switch (hp.host()) {
            case "0.0.0.0" -> new HostPort("127.0.0.1", hp.port());
            case "::", "0:0:0:0:0:0:0:0" -> new HostPort("::1", hp.port());
            default -> hp;
        };
    }

    Duration timeout(CommandLine cl) {
        try {
            return Durations.parse(timeout);
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(cl, "--timeout: " + e.getMessage());
        }
    }

    /** A subcommand: one call to the API; unreachable or refused is exit 1 with one line, no trace. */
    abstract static class Action implements Callable<Integer> {

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @ParentCommand
        AdminCommand parent;

        /** Calls the API and prints the result; returns the exit code. */
        abstract int call(AdminClient client, PrintWriter out) throws AdminUnreachableException;

        @Override
        public Integer call() {
            CommandLine cl = spec.commandLine();
            AdminConfig configured = parent.configured(cl);
            AdminClient client = new AdminClient(parent.target(cl, configured), parent.timeout(cl),
                    parent.token(cl, configured));
            PrintWriter out = cl.getOut();
            try {
                return call(client, out);
            } catch (AdminUnreachableException e) {
                return fail(e.getMessage());
            } finally {
                out.flush();
            }
        }

        /** Prints an answer's result: {@code ok} on success, else its error (exit 1). */
        int answer(AdminClient.Reply reply, String ok) {
            if (!reply.ok()) {
                return fail(refusal(reply));
            }
            spec.commandLine().getOut().println(ok);
            return Main.OK;
        }

        /** Prints a list the API answered as a table; anything but a JSON array is exit 1. */
        int table(AdminClient.Reply reply, Function<JsonNode, String> format,
                  PrintWriter out) {
            if (!reply.ok() || !reply.body().isArray()) {
                return fail(reply.ok() ? "unexpected answer from the admin API: " + reply.body() : refusal(reply));
            }
            out.print(format.apply(reply.body()));
            return Main.OK;
        }

        /** The gateway's error; for a missing or wrong token, also where the token comes from. */
        String refusal(AdminClient.Reply reply) {
            if (reply.status() != 401) {
                return reply.error();
            }
            String from = parent.tokenFile != null ? "--token-file " + parent.tokenFile
                    : parent.config != null ? "admin.tokenFile of " + parent.config : null;
            return reply.error() + (from != null ? " (sent the token of " + from + ")"
                    : "; give --config FILE (its admin.tokenFile) or --token-file FILE");
        }

        int fail(String message) {
            PrintWriter err = spec.commandLine().getErr();
            err.println("jumpgate: " + message);
            err.flush();
            return Main.FAILURE;
        }
    }

    @Command(name = "backends", mixinStandardHelpOptions = true,
            description = "List the login nodes with their state, sessions and load.")
    static final class Backends extends Action {
        @Override
        int call(AdminClient client, PrintWriter out) throws AdminUnreachableException {
            return table(client.get("/api/backends"), AdminTables::backends, out);
        }
    }

    @Command(name = "drain", mixinStandardHelpOptions = true,
            description = "Send no new sessions to a login node; open ones go on.")
    static final class Drain extends Action {
        @Parameters(paramLabel = "NAME", description = "the backend's name")
        String name;

        @Override
        int call(AdminClient client, PrintWriter out) throws AdminUnreachableException {
            return answer(client.post(AdminClient.path("/api/backends/{}/drain", name)),
                    "drained " + name + ": no new sessions go there; open sessions go on");
        }
    }

    @Command(name = "undrain", mixinStandardHelpOptions = true,
            description = "Let new sessions go to a drained login node again.")
    static final class Undrain extends Action {
        @Parameters(paramLabel = "NAME", description = "the backend's name")
        String name;

        @Override
        int call(AdminClient client, PrintWriter out) throws AdminUnreachableException {
            return answer(client.post(AdminClient.path("/api/backends/{}/undrain", name)),
                    "undrained " + name + ": it takes new sessions again");
        }
    }

    @Command(name = "sessions", mixinStandardHelpOptions = true,
            description = "List open user connections.")
    static final class Sessions extends Action {
        @Override
        int call(AdminClient client, PrintWriter out) throws AdminUnreachableException {
            return table(client.get("/api/sessions"), AdminTables::sessions, out);
        }
    }

    @Command(name = "kill", mixinStandardHelpOptions = true,
            description = "Close a user connection and its backend link.")
    static final class Kill extends Action {
        @Parameters(paramLabel = "ID", description = "the session id, as in 'jumpgate admin sessions'")
        String id;

        @Option(names = "--reason", paramLabel = "TEXT",
                description = "why, in words the user reads: \"this session was ended by an administrator: TEXT\"")
        String reason;

        @Override
        int call(AdminClient client, PrintWriter out) throws AdminUnreachableException {
            String path = AdminClient.path("/api/sessions/{}", id);
            if (reason != null && !reason.isBlank()) {
                path += "?reason=" + URLEncoder.encode(reason, StandardCharsets.UTF_8);
            }
            return answer(client.delete(path), "killed session " + id);
        }
    }

    @Command(name = "forget", mixinStandardHelpOptions = true,
            description = "End what is remembered of a user's second factor: their next connection asks for a code.")
    static final class Forget extends Action {
        @Parameters(paramLabel = "USER", description = "the user name")
        String user;

        @Override
        int call(AdminClient client, PrintWriter out) throws AdminUnreachableException {
            AdminClient.Reply r = client.delete(AdminClient.path("/api/remembered/{}", user));
            boolean had = r.status() == 200 && r.body().path("forgotten").asBoolean();
            return answer(r, had ? "forgot " + user + "'s second factor: the next connection asks for a code"
                    : "nothing was remembered for " + user + "; the next connection asks for a code");
        }
    }

    @Command(name = "cluster", mixinStandardHelpOptions = true,
            description = "The fleet as this gateway sees it: its store, whether it answers, the member gateways.")
    static final class Cluster extends Action {
        @Override
        int call(AdminClient client, PrintWriter out) throws AdminUnreachableException {
            AdminClient.Reply r = client.get("/api/cluster");
            if (r.status() != 200) {
                return answer(r, "");
            }
            JsonNode c = r.body();
            if (!c.path("fleet").asBoolean()) {
                out.println("no fleet: " + c.path("member").asText() + " runs on its own state (no cluster: in its config)");
                return 0;
            }
            out.println("store      " + c.path("store").asText() + (c.path("connected").asBoolean() ? "  connected"
                    : "  UNREACHABLE: working on this gateway's own state"));
            out.println("this       " + c.path("member").asText());
            c.path("members").forEach(m -> out.println("member     " + m.asText()));
            return 0;
        }
    }

    @Command(name = "reload", mixinStandardHelpOptions = true,
            description = "Re-read the configuration file; open sessions stay.")
    static final class Reload extends Action {
        @Override
        int call(AdminClient client, PrintWriter out) throws AdminUnreachableException {
            AdminClient.Reply r = client.post("/api/reload");
            if (r.status() == 409 && r.body().path("errors").isArray()) {
                JsonNode errors = r.body().get("errors");
                PrintWriter err = spec.commandLine().getErr();
                err.println("jumpgate: reload refused, the configuration has " + errors.size() + " error"
                        + (errors.size() == 1 ? "" : "s") + " (the running one stays):");
                errors.forEach(e -> err.println("  " + e.asText()));
                err.flush();
                return Main.FAILURE;
            }
            return answer(r, "reloaded the configuration");
        }
    }
}
