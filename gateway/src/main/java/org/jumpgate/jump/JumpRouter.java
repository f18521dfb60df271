package org.jumpgate.jump;

import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import org.jumpgate.balancer.Backend;
import org.jumpgate.common.Cidr;
import org.jumpgate.config.ComputeConfig;
import org.jumpgate.common.HostPort;
import org.jumpgate.jobs.ComputeNodes;
import org.jumpgate.jobs.JobDirectory;
import org.jumpgate.jobs.Lookup;
import org.jspecify.annotations.Nullable;

/**
 * Decides where a {@code direct-tcpip} target goes: a login node's sshd, a compute node holding
 * one of the user's running jobs, refused, or through the user's login node. Host names are
 * matched, never resolved, so a name cannot smuggle a compute address past the job check.
 */
final class JumpRouter {

    /** Longest target host name considered; longer ones are refused. */
    static final int MAX_HOST_LENGTH = 255;

    private static final Pattern IP_LITERAL = Pattern.compile("[0-9.]+|\\[?[0-9a-fA-F:.]*:[0-9a-fA-F:.]*]?");

    private final Supplier<List<Backend>> loginNodes;
    private final ComputeConfig compute;
    private final ComputeNodes names;
    private final @Nullable JobDirectory jobs;

    JumpRouter(Supplier<List<Backend>> loginNodes, ComputeConfig compute, @Nullable JobDirectory jobs) {
        this.loginNodes = loginNodes;
        this.compute = compute;
        this.names = ComputeNodes.of(compute.pattern(), compute.domain());
        this.jobs = jobs;
    }

    CompletableFuture<Route> route(String user, String host, int port) {
        if (host == null || host.isEmpty() || host.length() > MAX_HOST_LENGTH || port < 1 || port > 65535) {
            return done(new Route.Refused("jumpgate: '" + KeyText.safe(host) + ":" + port + "' is not a valid target",
                    null));
        }
        String h = host.toLowerCase(Locale.ROOT);
        for (Backend b : loginNodes.get()) {
            if (b.name().equals(h) && (port == 22 || port == b.port())) {
                return done(new Route.LoginNode(b));
            }
        }
        Optional<String> node = names.nodeName(h);
        if (node.isPresent()) {
            return computeRoute(user, node.get(), port);
        }
        if (IP_LITERAL.matcher(h).matches()) {
            Optional<Cidr> block = compute.networks().stream().filter(c -> contains(c, h)).findFirst();
            if (block.isPresent()) {
                return done(new Route.Refused("jumpgate: " + host + " is a compute node address; use the node name"
                        + " (e.g. ssh -J mila cn-a001)", null));
            }
        }
        return done(new Route.ThroughLoginNode(host, port));
    }

    private CompletableFuture<Route> computeRoute(String user, String node, int port) {
        if (!compute.ports().contains(port)) {
            return done(new Route.Refused("jumpgate: port " + port + " not allowed on compute nodes (allowed: "
                    + String.join(", ", compute.ports().stream().map(String::valueOf).toList()) + ")", node));
        }
        if (jobs == null) {
            return done(new Route.Refused("jumpgate: jumps to compute nodes are not enabled on this gateway", node));
        }
        return jobs.runningJobOn(user, node).thenApply(lookup -> switch (lookup.outcome()) {
            case ALLOWED -> new Route.Compute(node, address(node, port), lookup.jobId());
            case NO_JOB -> new Route.Refused("jumpgate: no running job of yours on " + node + " (squeue --me)", node);
            case UNAVAILABLE -> new Route.Refused("jumpgate: scheduler unreachable: cannot verify your job on " + node,
                    node);
        });
    }

    private HostPort address(String node, int port) {
        HostPort fixed = compute.nodes().get(node);
        if (fixed != null) {
            return port == 22 ? fixed : new HostPort(fixed.host(), port);
        }
        return new HostPort(compute.domain() != null ? node + "." + compute.domain() : node, port);
    }

    private static boolean contains(Cidr c, String literal) {
        try {
            return c.contains(Cidr.parse(literal.replace("[", "").replace("]", "")).network());
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private static CompletableFuture<Route> done(Route r) {
        return CompletableFuture.completedFuture(r);
    }

    /** Lookup outcomes are used by the watcher too. */
    static boolean stillAllowed(Lookup l) {
        return l.outcome() != Lookup.Outcome.NO_JOB;
    }
}
