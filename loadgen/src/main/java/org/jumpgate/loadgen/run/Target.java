package org.jumpgate.loadgen.run;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import org.jumpgate.config.Cidr;
import org.jumpgate.config.HostPort;

/**
 * The gateway under load.
 *
 * @param address    its SSH address
 * @param knownHosts an OpenSSH known_hosts file its host key must be in, or {@code null} to accept
 *                   any key and record its fingerprint
 * @param allowed    address blocks besides loopback that load may go to ({@link TargetPolicy})
 */
public record Target(HostPort address, Path knownHosts, List<Cidr> allowed) {

    public Target {
        Objects.requireNonNull(address, "address");
        allowed = List.copyOf(allowed);
    }

    /** A loopback gateway on {@code port}, host key not checked. */
    public static Target loopback(int port) {
        return new Target(new HostPort("127.0.0.1", port), null, List.of());
    }

    public Target withKnownHosts(Path file) {
        return new Target(address, file, allowed);
    }
}
