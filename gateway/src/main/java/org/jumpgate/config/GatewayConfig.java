package org.jumpgate.config;

import java.nio.file.Path;
import java.util.HashSet;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import org.jumpgate.common.HostPort;
import org.jumpgate.common.Cidr;
import org.jumpgate.common.Glob;
import org.jumpgate.balancer.BackendConfig;
import org.jumpgate.balancer.BalancerSettings;
import org.jumpgate.jobs.JobsConfig;
import org.jumpgate.limits.LimitsConfig;
import org.jumpgate.common.ConfigException;
import org.jspecify.annotations.Nullable;

/**
 * The whole gateway configuration, validated.
 *
 * @param listen      where users connect (default {@code 0.0.0.0:2222})
 * @param dataDir     host keys and the CA key live here, made if missing
 * @param auth        user authentication
 * @param backends    the login nodes, in configuration order
 * @param backendLink how the gateway logs in to them
 * @param auditLog    JSON-lines audit file, or {@code null} for the {@code jumpgate.audit} logger only
 * @param balancer    probing and selection settings
 * @param listeners   pinned listeners, each bound to one login node
 * @param admin       the admin HTTP API: its address (loopback by default) and optional token file
 * @param compute     which names are compute nodes and where they are
 * @param jobs        where running jobs are learned, or {@code null}: then no compute jumps
 * @param proxyFrom   load balancers whose PROXY protocol header is read ({@code proxyProtocol.from})
 * @param limits      what unauthenticated connections may take ({@code limits:})
 * @param cluster     the fleet's ZooKeeper, or {@code null}: one gateway on its own state
 * @param cpuJobs     the CPU-job target ({@code ssh mila-cpu}), or {@code null}: off
 */
public record GatewayConfig(HostPort listen, Path dataDir, AuthConfig auth, List<BackendConfig> backends,
                            BackendLinkConfig backendLink, @Nullable Path auditLog, BalancerSettings balancer,
                            List<PinnedListener> listeners, AdminConfig admin, ComputeConfig compute, @Nullable JobsConfig jobs,
                            List<Cidr> proxyFrom, LimitsConfig limits,
                            @Nullable ClusterConfig cluster, @Nullable CpuJobsConfig cpuJobs) {

    public static final String DEFAULT_LISTEN = "0.0.0.0:2222";
    public static final String DEFAULT_ADMIN = "127.0.0.1:9122";

    public GatewayConfig {
        Objects.requireNonNull(listen, "listen");
        Objects.requireNonNull(dataDir, "dataDir");
        Objects.requireNonNull(auth, "auth");
        Objects.requireNonNull(backendLink, "backendLink");
        Objects.requireNonNull(balancer, "balancer");
        Objects.requireNonNull(admin, "admin");
        backends = List.copyOf(backends);
        listeners = List.copyOf(listeners);
        Objects.requireNonNull(compute, "compute");
        proxyFrom = List.copyOf(proxyFrom);
        Objects.requireNonNull(limits, "limits");
        List<String> errors = new ArrayList<>();
        if (backends.isEmpty()) {
            errors.add("backends: empty, expected at least one login node");
        }
        Set<String> names = new HashSet<>();
        for (BackendConfig b : backends) {
            if (!names.add(b.name())) {
                errors.add("backends: name '" + b.name() + "' appears twice, expected unique names");
            }
        }
        for (PinnedListener l : listeners) {
            if (l.cpuTarget()) {
                if (cpuJobs == null) {
                    errors.add("listeners: target '" + l.target() + "' of " + l.listen()
                            + " needs a cpuJobs: section, expected cpuJobs.target: " + l.target());
                } else if (!cpuJobs.target().equals(l.target())) {
                    errors.add("listeners: target '" + l.target() + "' of " + l.listen()
                            + " is not cpuJobs.target, expected '" + cpuJobs.target() + "'");
                }
            } else if (!names.contains(l.backend())) {
                errors.add("listeners: backend '" + l.backend() + "' of " + l.listen()
                        + " is not in backends, expected one of " + names.stream().sorted().toList());
            }
        }
        if (cpuJobs != null) {
            if (jobs == null) {
                errors.add("cpuJobs: needs a jobs: section (the job directory watches each CPU job), "
                        + "expected e.g. jobs: {source: slurm-cli}");
            }
            if (names.contains(cpuJobs.target())) {
                errors.add("cpuJobs.target: '" + cpuJobs.target() + "' is also a login node's name, expected "
                        + "another name");
            }
            if (Glob.matches(compute.pattern(), cpuJobs.target())) {
                errors.add("cpuJobs.target: '" + cpuJobs.target() + "' matches compute.pattern '"
                        + compute.pattern() + "', expected a name that is not a compute node's");
            }
        }
        RadiusConfig radius = auth.radius();
        if (auth.secondFactor() == AuthConfig.SecondFactor.RADIUS && radius != null) {
            java.time.Duration worst = radius.timeout().multipliedBy((1L + radius.retries()) * radius.servers().size());
            if (worst.compareTo(limits.loginGraceTime()) >= 0) {
                errors.add("auth.radius: " + radius.servers().size() + " servers x (1 + " + radius.retries()
                        + " retries) x " + org.jumpgate.common.Durations.show(radius.timeout()) + " = "
                        + org.jumpgate.common.Durations.show(worst) + ", expected less than limits.loginGraceTime "
                        + org.jumpgate.common.Durations.show(limits.loginGraceTime())
                        + " (else users are cut before they hear that the MFA is unreachable)");
            }
        }
        if (!errors.isEmpty()) {
            throw new ConfigException(errors);
        }
    }

    public List<org.jumpgate.balancer.Backend> backendList() {
        return backends.stream().map(BackendConfig::backend).toList();
    }

    public Path hostKeyDir() {
        return dataDir;
    }
}
