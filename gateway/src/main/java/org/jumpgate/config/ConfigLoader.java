package org.jumpgate.config;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import org.jumpgate.common.HostPort;
import org.jumpgate.common.Cidr;
import org.jumpgate.common.Durations;
import org.jumpgate.balancer.Backend;
import org.jumpgate.balancer.BackendConfig;
import org.jumpgate.balancer.BalancerSettings;
import org.jumpgate.balancer.ProbeConfig;
import org.jumpgate.jobs.InvalidJobsConfigException;
import org.jumpgate.jobs.JobsConfig;

/**
 * Reads the YAML configuration into a {@link GatewayConfig}, collecting every error (key, bad
 * value, what was expected) before giving up, so an operator fixes the file in one pass.
 */
public final class ConfigLoader {

    /** Configuration files larger than this are refused: it is a config, not a data set. */
    public static final long MAX_CONFIG_BYTES = 1 << 20;

    private static final Set<String> TOP_KEYS = Set.of("listen", "dataDir", "auth", "backends", "backendLink",
            "audit", "listeners", "balancer", "compute", "jobs", "admin", "proxyProtocol");
    private static final Set<String> COMPUTE_KEYS = Set.of("pattern", "domain", "nodes", "ports", "networks");
    private static final Set<String> BALANCER_KEYS = Set.of("interval", "probeTimeout", "rise", "fall", "affinityTtl",
            "overloadThreshold");
    private static final Set<String> AUTH_KEYS = Set.of("methods", "authorizedKeys", "totpSecrets", "accounts",
            "acceptEnv");
    private static final Set<String> BACKEND_KEYS = Set.of("name", "address", "weight", "probe");
    private static final Set<String> LINK_KEYS = Set.of("connectTimeout", "certValidity", "knownHosts", "hostKeyCheck",
            "kex");

    private final List<String> errors = new ArrayList<>();

    private ConfigLoader() {
    }

    public static GatewayConfig load(Path file) throws ConfigException {
        try {
            if (Files.size(file) > MAX_CONFIG_BYTES) {
                throw new ConfigException(List.of(file + ": larger than " + MAX_CONFIG_BYTES + " bytes"));
            }
            return parse(Files.readString(file), file.toAbsolutePath().getParent());
        } catch (IOException e) {
            throw new ConfigException(List.of(file + ": cannot read (" + e.getMessage() + ")"));
        }
    }

    /** Parses YAML text; relative paths resolve against {@code baseDir}. */
    public static GatewayConfig parse(String yaml, Path baseDir) throws ConfigException {
        JsonNode root;
        try {
            root = new ObjectMapper(new YAMLFactory()).readTree(yaml);
        } catch (JsonProcessingException e) {
            throw new ConfigException(List.of("not valid YAML: " + e.getOriginalMessage()
                    + (e.getLocation() != null ? " (line " + e.getLocation().getLineNr() + ")" : "")));
        }
        if (root == null || !root.isObject()) {
            throw new ConfigException(List.of("the configuration must be a YAML mapping of keys such as listen, dataDir, auth, backends"));
        }
        return new ConfigLoader().read(root, baseDir == null ? Path.of(".") : baseDir);
    }

    private GatewayConfig read(JsonNode root, Path base) throws ConfigException {
        unknownKeys(root, "", TOP_KEYS);
        HostPort listen = value(root, "listen", GatewayConfig.DEFAULT_LISTEN, s -> HostPort.parse(s, 2222));
        Path dataDir = value(root, "dataDir", "/var/lib/jumpgate", s -> base.resolve(s));
        AuthConfig auth = readAuth(root.path("auth"), base);
        List<BackendConfig> backends = readBackends(root.get("backends"));
        BackendLinkConfig link = readLink(root.path("backendLink"), base, dataDir);
        Path audit = null;
        JsonNode auditNode = root.path("audit");
        if (!auditNode.isMissingNode()) {
            unknownKeys(auditNode, "audit.", Set.of("file"));
            audit = value(auditNode, "file", null, "audit.file", s -> base.resolve(s));
        }
        BalancerSettings balancer = readBalancer(root.path("balancer"));
        List<PinnedListener> listeners = readListeners(root.path("listeners"));
        HostPort admin = null;
        JsonNode adminNode = root.path("admin");
        if (!adminNode.isMissingNode()) {
            unknownKeys(adminNode, "admin.", Set.of("listen"));
        }
        admin = value(adminNode, "listen", GatewayConfig.DEFAULT_ADMIN, "admin.listen", s -> HostPort.parse(s, 9122));
        ComputeConfig compute = readCompute(root.path("compute"));
        List<Cidr> proxyFrom = new ArrayList<>();
        JsonNode proxy = root.path("proxyProtocol");
        if (!proxy.isMissingNode()) {
            unknownKeys(proxy, "proxyProtocol.", Set.of("from"));
            if (proxy.has("from")) {
                for (String c : stringList(proxy.get("from"), "proxyProtocol.from")) {
                    try {
                        proxyFrom.add(Cidr.parse(c));
                    } catch (IllegalArgumentException e) {
                        errors.add("proxyProtocol.from: " + e.getMessage());
                    }
                }
            }
        }
        JobsConfig jobs = readJobs(root.get("jobs"), base);
        if (!errors.isEmpty()) {
            throw new ConfigException(errors);
        }
        try {
            return new GatewayConfig(listen, dataDir, auth, backends, link, audit, balancer, listeners, admin, compute,
                    jobs, proxyFrom);
        } catch (IllegalArgumentException e) {
            throw new ConfigException(List.of(e.getMessage()));
        }
    }

    private AuthConfig readAuth(JsonNode node, Path base) {
        if (node.isMissingNode()) {
            errors.add("auth: missing, expected at least auth.authorizedKeys");
            return null;
        }
        unknownKeys(node, "auth.", AUTH_KEYS);
        String methods = value(node, "methods", AuthConfig.DEFAULT_METHODS, "auth.methods", s -> {
            AuthMethods.parse(s);
            return s;
        });
        PathTemplate keys = value(node, "authorizedKeys", null, "auth.authorizedKeys",
                s -> new PathTemplate(base.resolve(s).toString()));
        if (keys == null && !node.has("authorizedKeys")) {
            errors.add("auth.authorizedKeys: missing, expected a path such as /etc/jumpgate/keys/%u");
        }
        PathTemplate totp = value(node, "totpSecrets", null, "auth.totpSecrets",
                s -> new PathTemplate(base.resolve(s).toString()));
        Path accounts = value(node, "accounts", null, "auth.accounts", s -> base.resolve(s));
        List<String> env = AuthConfig.DEFAULT_ACCEPT_ENV;
        if (node.has("acceptEnv")) {
            env = stringList(node.get("acceptEnv"), "auth.acceptEnv");
        }
        if (methods == null || keys == null) {
            return null;
        }
        try {
            return new AuthConfig(methods, keys, totp, accounts, env);
        } catch (IllegalArgumentException e) {
            errors.add(e.getMessage());
            return null;
        }
    }

    private List<BackendConfig> readBackends(JsonNode node) {
        List<BackendConfig> out = new ArrayList<>();
        if (node == null || node.isNull()) {
            errors.add("backends: missing, expected a list of login nodes with name and address");
            return out;
        }
        if (!node.isArray()) {
            errors.add("backends: " + describe(node) + ", expected a list of login nodes with name and address");
            return out;
        }
        for (int i = 0; i < node.size(); i++) {
            JsonNode b = node.get(i);
            String key = "backends[" + i + "]";
            if (!b.isObject()) {
                errors.add(key + ": " + describe(b) + ", expected a mapping with name and address");
                continue;
            }
            unknownKeys(b, key + ".", BACKEND_KEYS);
            String name = value(b, "name", null, key + ".name", s -> s);
            if (name == null) {
                errors.add(key + ".name: missing, expected a node name such as login-1");
            }
            HostPort addr = value(b, "address", null, key + ".address", s -> HostPort.parse(s, 22));
            if (addr == null && !b.has("address")) {
                errors.add(key + ".address: missing, expected host:port such as 10.0.0.11:22");
            }
            Integer weight = value(b, "weight", String.valueOf(Backend.DEFAULT_WEIGHT), key + ".weight", Integer::valueOf);
            ProbeConfig probeConfig = ProbeConfig.none();
            JsonNode probe = b.path("probe");
            if (!probe.isMissingNode()) {
                unknownKeys(probe, key + ".probe.", Set.of("metrics", "agent"));
                if (probe.has("metrics") && probe.has("agent")) {
                    errors.add(key + ".probe: both metrics and agent are set, expected one of them");
                } else if (probe.has("metrics")) {
                    probeConfig = value(probe, "metrics", null, key + ".probe.metrics", ProbeConfig::metrics);
                } else if (probe.has("agent")) {
                    probeConfig = value(probe, "agent", null, key + ".probe.agent", ProbeConfig::agent);
                }
            }
            if (name == null || addr == null || weight == null || probeConfig == null) {
                continue;
            }
            try {
                out.add(new BackendConfig(new Backend(name, addr.host(), addr.port(), weight), probeConfig));
            } catch (IllegalArgumentException e) {
                errors.add(e.getMessage());
            }
        }
        return out;
    }

    private ComputeConfig readCompute(JsonNode node) {
        ComputeConfig d = ComputeConfig.defaults();
        if (node.isMissingNode()) {
            return d;
        }
        unknownKeys(node, "compute.", COMPUTE_KEYS);
        String pattern = value(node, "pattern", d.pattern(), "compute.pattern", s -> s);
        String domain = value(node, "domain", null, "compute.domain", s -> s.startsWith(".") ? s.substring(1) : s);
        Map<String, HostPort> nodes = new HashMap<>();
        JsonNode n = node.path("nodes");
        if (!n.isMissingNode()) {
            if (!n.isObject()) {
                errors.add("compute.nodes: " + describe(n) + ", expected a mapping of node name to host:port");
            } else {
                n.fields().forEachRemaining(e -> {
                    HostPort hp = value(n, e.getKey(), null, "compute.nodes." + e.getKey(), s -> HostPort.parse(s, 22));
                    if (hp != null) {
                        nodes.put(e.getKey(), hp);
                    }
                });
            }
        }
        List<Integer> ports = new ArrayList<>();
        if (node.has("ports")) {
            for (String p : stringList(node.get("ports"), "compute.ports")) {
                try {
                    ports.add(Integer.valueOf(p));
                } catch (NumberFormatException e) {
                    errors.add("compute.ports: '" + p + "' is not a port number, expected e.g. [22]");
                }
            }
        } else {
            ports.addAll(d.ports());
        }
        List<Cidr> networks = new ArrayList<>();
        if (node.has("networks")) {
            for (String c : stringList(node.get("networks"), "compute.networks")) {
                try {
                    networks.add(Cidr.parse(c));
                } catch (IllegalArgumentException e) {
                    errors.add("compute.networks: " + e.getMessage());
                }
            }
        }
        if (pattern == null) {
            return d;
        }
        try {
            return new ComputeConfig(pattern, domain, nodes, ports, networks);
        } catch (IllegalArgumentException e) {
            errors.add(e.getMessage());
            return d;
        }
    }

    private JobsConfig readJobs(JsonNode node, Path base) {
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.isObject()) {
            errors.add("jobs: " + describe(node) + ", expected a mapping with source and its settings");
            return null;
        }
        Map<String, Object> section = new HashMap<>();
        node.fields().forEachRemaining(e -> {
            String v = e.getValue().isValueNode() ? e.getValue().asText() : e.getValue().toString();
            if (Set.of("slurmConf", "restTokenFile", "file").contains(e.getKey())) {
                v = base.resolve(v).toString();
            }
            section.put(e.getKey(), v);
        });
        try {
            return JobsConfig.fromMap(section);
        } catch (InvalidJobsConfigException e) {
            errors.addAll(e.errors());
            return null;
        }
    }

    private BalancerSettings readBalancer(JsonNode node) {
        BalancerSettings d = BalancerSettings.defaults();
        if (node.isMissingNode()) {
            return d;
        }
        unknownKeys(node, "balancer.", BALANCER_KEYS);
        java.time.Duration interval = value(node, "interval", null, "balancer.interval", Durations::parse);
        java.time.Duration timeout = value(node, "probeTimeout", null, "balancer.probeTimeout", Durations::parse);
        Integer rise = value(node, "rise", null, "balancer.rise", Integer::valueOf);
        Integer fall = value(node, "fall", null, "balancer.fall", Integer::valueOf);
        java.time.Duration ttl = value(node, "affinityTtl", null, "balancer.affinityTtl", Durations::parse);
        Double overload = value(node, "overloadThreshold", null, "balancer.overloadThreshold", Double::valueOf);
        try {
            return new BalancerSettings(interval != null ? interval : d.interval(),
                    timeout != null ? timeout : d.probeTimeout(), rise != null ? rise : d.rise(),
                    fall != null ? fall : d.fall(), ttl != null ? ttl : d.affinityTtl(),
                    overload != null ? overload : d.overloadThreshold());
        } catch (IllegalArgumentException e) {
            errors.add(e.getMessage());
            return d;
        }
    }

    private List<PinnedListener> readListeners(JsonNode node) {
        List<PinnedListener> out = new ArrayList<>();
        if (node.isMissingNode() || node.isNull()) {
            return out;
        }
        if (!node.isArray()) {
            errors.add("listeners: " + describe(node) + ", expected a list of {listen, backend}");
            return out;
        }
        for (int i = 0; i < node.size(); i++) {
            JsonNode l = node.get(i);
            String key = "listeners[" + i + "]";
            if (!l.isObject()) {
                errors.add(key + ": " + describe(l) + ", expected a mapping with listen and backend");
                continue;
            }
            unknownKeys(l, key + ".", Set.of("listen", "backend"));
            HostPort listen = value(l, "listen", null, key + ".listen", s -> HostPort.parse(s, 2222));
            String backend = value(l, "backend", null, key + ".backend", s -> s);
            if (listen == null && !l.has("listen")) {
                errors.add(key + ".listen: missing, expected an address such as 10.0.0.2:2222");
            }
            if (backend == null && !l.has("backend")) {
                errors.add(key + ".backend: missing, expected a backend name such as login-2");
            }
            if (listen != null && backend != null) {
                out.add(new PinnedListener(listen, backend));
            }
        }
        return out;
    }

    private BackendLinkConfig readLink(JsonNode node, Path base, Path dataDir) {
        if (!node.isMissingNode()) {
            unknownKeys(node, "backendLink.", LINK_KEYS);
        }
        Duration connect = value(node, "connectTimeout", "5s", "backendLink.connectTimeout", Durations::parse);
        Duration validity = value(node, "certValidity", "5m", "backendLink.certValidity", Durations::parse);
        Path known = value(node, "knownHosts", null, "backendLink.knownHosts", s -> base.resolve(s));
        String check = value(node, "hostKeyCheck", "accept-new", "backendLink.hostKeyCheck", s -> s);
        List<String> kex = node.has("kex") ? stringList(node.get("kex"), "backendLink.kex") : List.of();
        if (connect == null || validity == null || check == null || dataDir == null) {
            return null;
        }
        try {
            return new BackendLinkConfig(connect, validity, known != null ? known : dataDir.resolve("known_hosts"), check,
                    kex);
        } catch (IllegalArgumentException e) {
            errors.add(e.getMessage());
            return null;
        }
    }

    private <T> T value(JsonNode node, String field, String dflt, Function<String, T> parse) {
        return value(node, field, dflt, field, parse);
    }

    /** Reads a scalar, parses it, records an error naming the key and the bad value on failure. */
    private <T> T value(JsonNode node, String field, String dflt, String key, Function<String, T> parse) {
        JsonNode v = node.get(field);
        String text;
        if (v == null || v.isNull()) {
            if (dflt == null) {
                return null;
            }
            text = dflt;
        } else if (v.isValueNode()) {
            text = v.asText();
        } else {
            errors.add(key + ": " + describe(v) + ", expected a single value");
            return null;
        }
        try {
            return parse.apply(text);
        } catch (RuntimeException e) {
            errors.add(key + ": '" + text + "' is not valid: " + e.getMessage());
            return null;
        }
    }

    private List<String> stringList(JsonNode node, String key) {
        List<String> out = new ArrayList<>();
        if (!node.isArray()) {
            errors.add(key + ": " + describe(node) + ", expected a list of strings");
            return out;
        }
        node.forEach(n -> out.add(n.asText()));
        return out;
    }

    private void unknownKeys(JsonNode node, String prefix, Set<String> known) {
        if (!node.isObject()) {
            errors.add(prefix.isEmpty() ? "configuration" : prefix.substring(0, prefix.length() - 1)
                    + ": " + describe(node) + ", expected a mapping");
            return;
        }
        for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
            String k = it.next();
            if (!known.contains(k)) {
                errors.add(prefix + k + ": unknown key, expected one of " + known.stream().sorted().toList());
            }
        }
    }

    private static String describe(JsonNode n) {
        if (n.isArray()) {
            return "a list";
        }
        if (n.isObject()) {
            return "a mapping";
        }
        return "'" + n.asText() + "'";
    }
}
