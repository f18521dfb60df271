package org.jumpgate.config;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.jumpgate.common.ConfigException;

/**
 * {@code cluster:}: the ZooKeeper ensemble the fleet shares.
 *
 * @param zookeeper      the connect string, {@code zk1:2181,zk2:2181,zk3:2181}
 * @param namespace      the znode every gateway of this fleet works under, {@code /jumpgate}
 * @param sessionTimeout how long ZooKeeper keeps a silent gateway's membership (and how soon its
 *                       sessions leave the fleet's registry)
 * @param name           this gateway's name in the fleet, unique in it (default: the host name)
 */
public record ClusterConfig(String zookeeper, String namespace, Duration sessionTimeout, String name) {

    public static final String DEFAULT_NAMESPACE = "/jumpgate";
    public static final Duration DEFAULT_SESSION_TIMEOUT = Duration.ofSeconds(10);

    public ClusterConfig {
        Objects.requireNonNull(zookeeper, "cluster.zookeeper");
        Objects.requireNonNull(namespace, "cluster.namespace");
        Objects.requireNonNull(sessionTimeout, "cluster.sessionTimeout");
        List<String> errors = new ArrayList<>();
        if (!zookeeper.strip().matches("[A-Za-z0-9.\\-\\[\\]:]+(,[A-Za-z0-9.\\-\\[\\]:]+)*")) {
            errors.add("cluster.zookeeper: '" + zookeeper + "', expected host:port[,host:port...] such as zk1:2181,zk2:2181");
        }
        if (!namespace.matches("(/[A-Za-z0-9_.\\-]+)+")) {
            errors.add("cluster.namespace: '" + namespace + "', expected a znode path such as /jumpgate");
        }
        if (sessionTimeout.compareTo(Duration.ofSeconds(2)) < 0 || sessionTimeout.compareTo(Duration.ofMinutes(2)) > 0) {
            errors.add("cluster.sessionTimeout: " + sessionTimeout + ", expected 2s..2m");
        }
        Objects.requireNonNull(name, "cluster.name");
        if (!name.matches("[A-Za-z0-9_.\\-]{1,64}")) {
            errors.add("cluster.name: '" + name + "', expected 1-64 letters, digits, '.', '_' or '-' (unique in the fleet)");
        }
        if (!errors.isEmpty()) {
            throw new ConfigException(errors);
        }
    }

    /** The namespace as Curator takes it (no leading slash). */
    public String curatorNamespace() {
        return namespace.substring(1);
    }
}
