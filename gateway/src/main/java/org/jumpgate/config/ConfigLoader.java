package org.jumpgate.config;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jumpgate.common.Cidr;
import org.jumpgate.common.ConfigException;
import org.jumpgate.common.Durations;
import org.jumpgate.common.HostPort;
import org.jumpgate.common.HostNames;
import org.jumpgate.balancer.Backend;
import org.jumpgate.balancer.BackendConfig;
import org.jumpgate.balancer.BalancerSettings;
import org.jumpgate.balancer.ProbeConfig;
import org.jumpgate.jobs.JobsConfig;
import org.jumpgate.limits.LimitsConfig;
import org.jspecify.annotations.Nullable;

/**
 * Reads the YAML configuration into a {@link GatewayConfig}, collecting every error (key, bad
 * value, what was expected) before giving up, so an operator fixes the file in one pass.
 */
public final class ConfigLoader {

    /** Configuration files larger than this are refused: it is a config, not a data set. */
    public static final long MAX_CONFIG_BYTES = 1 << 20;

    /** {@code dataDir} when the file does not say. */
    public static final String DEFAULT_DATA_DIR = "/var/lib/jumpgate";

    private static final Set<String> TOP_KEYS = Set.of("listen", "dataDir", "auth", "backends", "backendLink",
            "audit", "listeners", "balancer", "compute", "jobs", "admin", "proxyProtocol", "limits", "cluster", "cpuJobs");
    private static final Set<String> COMPUTE_KEYS = Set.of("pattern", "domain", "nodes", "ports", "networks");
    private static final Set<String> BALANCER_KEYS = Set.of("interval", "probeTimeout", "rise", "fall", "affinityTtl",
            "overloadThreshold");
    private static final Set<String> AUTH_KEYS = Set.of("methods", "authorizedKeys", "totpSecrets", "accounts",
            "acceptEnv", "secondFactor", "rememberSecondFactor", "totpIssuer", "radius");
    private static final Set<String> RADIUS_KEYS = Set.of("servers", "secretFile", "timeout", "retries",
            "nasIdentifier");
    private static final Set<String> BACKEND_KEYS = Set.of("name", "address", "weight", "probe");
    private static final Set<String> ADMIN_KEYS = Set.of("listen", "tokenFile");
    private static final Set<String> LINK_KEYS = Set.of("connectTimeout", "certValidity", "knownHosts", "hostKeyCheck",
            "kex", "keepalive", "keepaliveCountMax", "linger", "pool", "kemKeyReuse");
    private static final Set<String> POOL_KEYS = Set.of("size", "maxAge");
    private static final Set<String> KEM_KEY_REUSE_KEYS = Set.of("uses", "maxAge");

    private ConfigLoader() {
    }

    public static GatewayConfig load(Path file) throws ConfigException {
        return read(text(file), file.toAbsolutePath().getParent());
    }

    /** Parses YAML text; relative paths resolve against {@code baseDir}. */
    public static GatewayConfig parse(String yaml, Path baseDir) throws ConfigException {
        return read(yaml, baseDir);
    }

    /**
     * Only the {@code admin:} section of the file (for {@code jumpgate admin --config}: where the
     * API listens and its token file), read the way the gateway reads it; the rest of the file
     * may be mid-edit.
     */
    public static AdminConfig admin(Path file) throws ConfigException {
        Section root = Section.parse(text(file), file.toAbsolutePath().getParent(), NOT_A_MAPPING);
        AdminConfig admin = readAdmin(root.section("admin"));
        root.throwIfErrors();
        return admin;
    }

    private static @Nullable AdminConfig readAdmin(Section admin) {
        admin.onlyKeys(ADMIN_KEYS);
        HostPort listen = admin.value("listen", GatewayConfig.DEFAULT_ADMIN, s -> HostPort.parse(s, 9122));
        Path tokenFile = admin.path("tokenFile", null);
        return listen == null ? null : admin.build(() -> new AdminConfig(listen, tokenFile));
    }

    /** The text of a config file, at most {@link #MAX_CONFIG_BYTES}. */
    static String text(Path file) throws ConfigException {
        try {
            if (Files.size(file) > MAX_CONFIG_BYTES) {
                throw new ConfigException(file + ": larger than " + MAX_CONFIG_BYTES + " bytes");
            }
            return Files.readString(file);
        } catch (IOException e) {
            throw new ConfigException(file + ": cannot read (" + e.getMessage() + ")");
        }
    }

    private static final String NOT_A_MAPPING =
            "the configuration must be a YAML mapping of keys such as listen, dataDir, auth, backends";

    private static GatewayConfig read(String yaml, Path baseDir) throws ConfigException {
        Section root = Section.parse(yaml, baseDir, NOT_A_MAPPING);
        root.onlyKeys(TOP_KEYS);
        HostPort listen = root.value("listen", GatewayConfig.DEFAULT_LISTEN, s -> HostPort.parse(s, 2222));
        Path dataDir = root.path("dataDir", DEFAULT_DATA_DIR);
        AuthConfig auth = readAuth(root.section("auth"));
        List<BackendConfig> backends = readBackends(root);
        BackendLinkConfig link = readLink(root.section("backendLink"), dataDir);
        Section auditSection = root.section("audit");
        auditSection.onlyKeys(Set.of("file"));
        Path audit = auditSection.path("file", null);
        BalancerSettings balancer = readBalancer(root.section("balancer"));
        List<PinnedListener> listeners = readListeners(root);
        AdminConfig admin = readAdmin(root.section("admin"));
        ComputeConfig compute = readCompute(root.section("compute"));
        Section proxy = root.section("proxyProtocol");
        proxy.onlyKeys(Set.of("from"));
        List<Cidr> proxyFrom = cidrs(proxy, "from");
        JobsConfig jobs = JobsSection.read(root.section("jobs"));
        LimitsConfig limits = LimitsSection.read(root.section("limits"));
        ClusterConfig cluster = readCluster(root.section("cluster"));
        CpuJobsConfig cpuJobs = CpuJobsSection.read(root.section("cpuJobs"));
        root.throwIfErrors();
        GatewayConfig config = root.build(() -> new GatewayConfig(listen, dataDir, auth, backends, link, audit,
                balancer, listeners, admin, compute, jobs, proxyFrom, limits, cluster, cpuJobs));
        root.throwIfErrors();
        return config;
    }

    private static @Nullable AuthConfig readAuth(Section auth) {
        if (!auth.present()) {
            auth.error("auth: missing, expected at least auth.authorizedKeys");
            return null;
        }
        auth.onlyKeys(AUTH_KEYS);
        String methods = auth.value("methods", AuthConfig.DEFAULT_METHODS, s -> {
            AuthMethods.parse(s);
            return s;
        });
        PathTemplate keys = auth.required("authorizedKeys", "a path such as /etc/jumpgate/keys/%u",
                s -> new PathTemplate(auth.resolve(s).toString()));
        PathTemplate totp = auth.value("totpSecrets", null, s -> new PathTemplate(auth.resolve(s).toString()));
        Path accounts = auth.path("accounts", null);
        List<String> env = auth.has("acceptEnv") ? auth.strings("acceptEnv") : AuthConfig.DEFAULT_ACCEPT_ENV;
        AuthConfig.SecondFactor factor = auth.value("secondFactor", "totp", AuthConfig.SecondFactor::parse);
        Duration remember = auth.value("rememberSecondFactor", "0s", Durations::parse);
        String issuer = auth.value("totpIssuer", null, String::strip);
        RadiusConfig radius = readRadius(auth.section("radius"));
        if (methods == null || keys == null || factor == null || remember == null) {
            return null;
        }
        return auth.build(() -> new AuthConfig(methods, keys, totp, accounts, env, factor, remember, issuer, radius));
    }

    private static @Nullable ClusterConfig readCluster(Section c) {
        if (!c.present()) {
            return null;
        }
        c.onlyKeys(Set.of("zookeeper", "namespace", "sessionTimeout", "name"));
        String zk = c.required("zookeeper", "host:port[,host:port...] such as zk1:2181,zk2:2181,zk3:2181", String::strip);
        String ns = c.value("namespace", ClusterConfig.DEFAULT_NAMESPACE, String::strip);
        Duration timeout = c.value("sessionTimeout", Durations.show(ClusterConfig.DEFAULT_SESSION_TIMEOUT),
                Durations::parse);
        String name = c.value("name", HostNames.local(), String::strip);
        if (zk == null || ns == null || timeout == null || name == null) {
            return null;
        }
        return c.build(() -> new ClusterConfig(zk, ns, timeout, name));
    }

    private static @Nullable RadiusConfig readRadius(Section r) {
        if (!r.present()) {
            return null;
        }
        r.onlyKeys(RADIUS_KEYS);
        List<HostPort> servers = new ArrayList<>();
        for (String s : r.strings("servers")) {
            try {
                servers.add(HostPort.parse(s, RadiusConfig.DEFAULT_PORT));
            } catch (IllegalArgumentException e) {
                r.error("servers", e.getMessage());
            }
        }
        Path secret = r.required("secretFile", "a file holding the RADIUS shared secret (0600)", r::resolve);
        Duration timeout = r.value("timeout", Durations.show(RadiusConfig.DEFAULT_TIMEOUT), Durations::parse);
        Integer retries = r.value("retries", String.valueOf(RadiusConfig.DEFAULT_RETRIES), Integer::valueOf);
        String nas = r.value("nasIdentifier", null, String::strip);
        if (secret == null || timeout == null || retries == null) {
            return null;
        }
        return r.build(() -> new RadiusConfig(servers, secret, timeout, retries,
                nas != null ? nas : HostNames.local()));
    }

    private static List<BackendConfig> readBackends(Section root) {
        List<BackendConfig> out = new ArrayList<>();
        if (!root.has("backends")) {
            root.error("backends", "missing, expected a list of login nodes with name and address");
            return out;
        }
        for (Section b : root.list("backends", "login nodes with name and address", "a mapping with name and address")) {
            b.onlyKeys(BACKEND_KEYS);
            String name = b.required("name", "a node name such as login-1", s -> s);
            HostPort addr = b.required("address", "host:port such as 10.0.0.11:22", s -> HostPort.parse(s, 22));
            Integer weight = b.value("weight", String.valueOf(Backend.DEFAULT_WEIGHT), Integer::valueOf);
            ProbeConfig probeConfig = ProbeConfig.none();
            Section probe = b.section("probe");
            if (probe.present()) {
                probe.onlyKeys(Set.of("metrics", "agent"));
                if (probe.has("metrics") && probe.has("agent")) {
                    probe.error(probe.path() + ": both metrics and agent are set, expected one of them");
                } else if (probe.has("metrics")) {
                    probeConfig = probe.value("metrics", null, ProbeConfig::metrics);
                } else if (probe.has("agent")) {
                    probeConfig = probe.value("agent", null, ProbeConfig::agent);
                }
            }
            if (name == null || addr == null || weight == null || probeConfig == null) {
                continue;
            }
            ProbeConfig p = probeConfig;
            BackendConfig config = b.build(() -> new BackendConfig(new Backend(name, addr.host(), addr.port(), weight),
                    p));
            if (config != null) {
                out.add(config);
            }
        }
        return out;
    }

    private static ComputeConfig readCompute(Section compute) {
        ComputeConfig d = ComputeConfig.defaults();
        if (!compute.present()) {
            return d;
        }
        compute.onlyKeys(COMPUTE_KEYS);
        String pattern = compute.value("pattern", d.pattern(), s -> s);
        String domain = compute.value("domain", null, s -> s.startsWith(".") ? s.substring(1) : s);
        Map<String, HostPort> nodes = new HashMap<>();
        Section n = compute.section("nodes");
        for (String name : n.present() ? n.fields() : List.<String>of()) {
            HostPort hp = n.value(name, null, s -> HostPort.parse(s, 22));
            if (hp != null) {
                nodes.put(name, hp);
            }
        }
        List<Integer> ports = new ArrayList<>();
        if (compute.has("ports")) {
            for (String p : compute.strings("ports")) {
                try {
                    ports.add(Integer.valueOf(p));
                } catch (NumberFormatException e) {
                    compute.error("ports", "'" + p + "' is not a port number, expected e.g. [22]");
                }
            }
        } else {
            ports.addAll(d.ports());
        }
        List<Cidr> networks = cidrs(compute, "networks");
        if (pattern == null) {
            return d;
        }
        ComputeConfig c = compute.build(() -> new ComputeConfig(pattern, domain, nodes, ports, networks));
        return c != null ? c : d;
    }

    private static List<Cidr> cidrs(Section s, String field) {
        List<Cidr> out = new ArrayList<>();
        for (String c : s.strings(field)) {
            try {
                out.add(Cidr.parse(c));
            } catch (IllegalArgumentException e) {
                s.error(field, e.getMessage());
            }
        }
        return out;
    }

    private static BalancerSettings readBalancer(Section balancer) {
        BalancerSettings d = BalancerSettings.defaults();
        if (!balancer.present()) {
            return d;
        }
        balancer.onlyKeys(BALANCER_KEYS);
        Duration interval = balancer.value("interval", null, Durations::parse);
        Duration timeout = balancer.value("probeTimeout", null, Durations::parse);
        Integer rise = balancer.value("rise", null, Integer::valueOf);
        Integer fall = balancer.value("fall", null, Integer::valueOf);
        Duration ttl = balancer.value("affinityTtl", null, Durations::parse);
        Double overload = balancer.value("overloadThreshold", null, Double::valueOf);
        BalancerSettings b = balancer.build(() -> new BalancerSettings(interval != null ? interval : d.interval(),
                timeout != null ? timeout : d.probeTimeout(), rise != null ? rise : d.rise(),
                fall != null ? fall : d.fall(), ttl != null ? ttl : d.affinityTtl(),
                overload != null ? overload : d.overloadThreshold()));
        return b != null ? b : d;
    }

    private static List<PinnedListener> readListeners(Section root) {
        List<PinnedListener> out = new ArrayList<>();
        for (Section l : root.list("listeners", "{listen, backend} or {listen, target}",
                "a mapping with listen and backend (a login node) or target (cpuJobs.target)")) {
            l.onlyKeys(Set.of("listen", "backend", "target"));
            HostPort listen = l.required("listen", "an address such as 10.0.0.2:2222", s -> HostPort.parse(s, 2222));
            String backend = l.value("backend", null, s -> s);
            String target = l.value("target", null, String::strip);
            if (listen != null) {
                PinnedListener p = l.build(() -> new PinnedListener(listen, backend, target));
                if (p != null) {
                    out.add(p);
                }
            }
        }
        return out;
    }

    private static @Nullable BackendLinkConfig readLink(Section link, @Nullable Path dataDir) {
        link.onlyKeys(LINK_KEYS);
        Duration connect = link.value("connectTimeout", "5s", Durations::parse);
        Duration validity = link.value("certValidity", "5m", Durations::parse);
        Path known = link.path("knownHosts", null);
        String check = link.value("hostKeyCheck", "accept-new", s -> s);
        List<String> kex = link.strings("kex");
        Duration keepalive = link.value("keepalive", Durations.show(BackendLinkConfig.DEFAULT_KEEPALIVE),
                Durations::parse);
        Integer countMax = link.value("keepaliveCountMax", String.valueOf(BackendLinkConfig.DEFAULT_KEEPALIVE_COUNT_MAX),
                ConfigLoader::wholeNumber);
        Duration linger = link.value("linger", Durations.show(BackendLinkConfig.DEFAULT_LINGER), Durations::parse);
        BackendLinkConfig.Pool pool = readPool(link.section("pool"));
        BackendLinkConfig.KemKeyReuse reuse = readKemKeyReuse(link.section("kemKeyReuse"));
        if (connect == null || validity == null || check == null || dataDir == null || keepalive == null
                || countMax == null || linger == null || pool == null || reuse == null) {
            return null;
        }
        return link.build(() -> new BackendLinkConfig(connect, validity,
                known != null ? known : dataDir.resolve("known_hosts"), check, kex, keepalive, countMax, linger, pool,
                reuse));
    }

    private static BackendLinkConfig.@Nullable KemKeyReuse readKemKeyReuse(Section reuse) {
        if (!reuse.present()) {
            return BackendLinkConfig.KemKeyReuse.DEFAULT;
        }
        reuse.onlyKeys(KEM_KEY_REUSE_KEYS);
        Integer uses = reuse.value("uses", String.valueOf(BackendLinkConfig.KemKeyReuse.DEFAULT_USES),
                ConfigLoader::wholeNumber);
        Duration maxAge = reuse.value("maxAge", Durations.show(BackendLinkConfig.KemKeyReuse.DEFAULT_MAX_AGE),
                Durations::parse);
        if (uses == null || maxAge == null) {
            return null;
        }
        return reuse.build(() -> new BackendLinkConfig.KemKeyReuse(uses, maxAge));
    }

    private static BackendLinkConfig.@Nullable Pool readPool(Section pool) {
        if (!pool.present()) {
            return BackendLinkConfig.Pool.OFF;
        }
        pool.onlyKeys(POOL_KEYS);
        Integer size = pool.value("size", "0", ConfigLoader::wholeNumber);
        Duration maxAge = pool.value("maxAge", Durations.show(BackendLinkConfig.Pool.DEFAULT_MAX_AGE), Durations::parse);
        if (size == null || maxAge == null) {
            return null;
        }
        return pool.build(() -> new BackendLinkConfig.Pool(size, maxAge));
    }

    private static int wholeNumber(String text) {
        try {
            return Integer.parseInt(text.strip());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("'" + text + "' is not a whole number");
        }
    }
}
