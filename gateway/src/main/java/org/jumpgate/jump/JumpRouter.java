package org.jumpgate.jump;

import java.net.InetAddress;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;
import org.jumpgate.balancer.Backend;
import org.jumpgate.config.ComputeConfig;
import org.jumpgate.jobs.ComputeNodes;
import org.jumpgate.jobs.JobDirectory;
import org.jumpgate.jobs.Lookup;
import org.jspecify.annotations.Nullable;

/**
 * Decides where a {@code direct-tcpip} target goes: a login node's sshd, a compute node holding
 * one of the user's running jobs, refused, or through the user's login node. Host names are
 * matched, never resolved, so a name cannot smuggle a compute address past the job check. The
 * target is first read as {@link TargetHost}: what is neither an RFC 1123 host name nor an
 * address (in any spelling the login node's resolver takes: {@code 0x7f000003}, {@code 0177.0.0.3},
 * {@code 127.3}, {@code ::ffff:127.0.0.3}) is refused before any rule, and an address is checked
 * against {@code compute.networks} whatever its spelling.
 */
final class JumpRouter {

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
        if (port < 1 || port > 65535) {
            return done(new Route.Refused("jumpgate: '" + KeyText.safe(host) + ":" + port
                    + "' is not a valid target: port out of 1..65535", null));
        }
        TargetHost target = TargetHost.parse(host);
        if (target instanceof TargetHost.Invalid invalid) {
            return done(new Route.Refused("jumpgate: '" + KeyText.safe(host) + "' is not a valid host name or address ("
                    + invalid.why() + ")", null));
        }
        if (target instanceof TargetHost.Address address) {
            if (isComputeAddress(address.address())) {
                return done(new Route.Refused("jumpgate: " + KeyText.safe(host) + " is a compute node address; use the"
                        + " node name (e.g. ssh -J mila cn-a001)", null));
            }
            return done(new Route.ThroughLoginNode(host, port));
        }
        String name = ((TargetHost.Name) target).name();
        for (Backend b : loginNodes.get()) {
            if (b.name().equalsIgnoreCase(name) && (port == 22 || port == b.port())) {
                return done(new Route.LoginNode(b));
            }
        }
        Optional<String> node = names.nodeName(name);
        if (node.isPresent()) {
            return computeRoute(user, node.get(), port);
        }
        return done(new Route.ThroughLoginNode(host, port));
    }

    /** In {@code compute.networks}, itself or the IPv4 address it carries (IPv4-compatible, NAT64). */
    private boolean isComputeAddress(InetAddress a) {
        Optional<InetAddress> embedded = TargetHost.Parser.embeddedIpv4(a);
        return compute.networks().stream()
                .anyMatch(c -> c.contains(a) || embedded.isPresent() && c.contains(embedded.get()));
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
            case ALLOWED -> new Route.Compute(node, compute.addressOf(node, port), lookup.jobId());
            case NO_JOB -> new Route.Refused("jumpgate: no running job of yours on " + node + " (squeue --me)", node);
            case UNAVAILABLE -> new Route.Refused("jumpgate: scheduler unreachable: cannot verify your job on " + node,
                    node);
        });
    }

    private static CompletableFuture<Route> done(Route r) {
        return CompletableFuture.completedFuture(r);
    }

    /** Lookup outcomes are used by the watcher too. */
    static boolean stillAllowed(Lookup l) {
        return l.outcome() != Lookup.Outcome.NO_JOB;
    }
}
