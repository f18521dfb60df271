package org.jumpgate.cpujobs;

import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import org.apache.sshd.server.session.ServerSession;
import org.jumpgate.connection.KeyPolicy;
import org.jumpgate.connection.UserConnection;
import org.jumpgate.backend.BackendConnector;
import org.jumpgate.backend.BackendLink;
import org.jumpgate.backend.BackendUnavailableException;
import org.jumpgate.backend.LinkRequest;
import org.jumpgate.balancer.Backend;
import org.jumpgate.common.Exceptions;
import org.jumpgate.common.HostPort;
import org.jumpgate.config.ComputeConfig;
import org.jumpgate.relay.Relay;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The CPU-job target's two ways in. Session form: a connection to a listener bound to the target
 * gets as its backend link a login to its job's compute node with the gateway's certificate
 * ({@link #link}). Jump form: a {@code direct-tcpip} to the target name is the job's node port 22
 * ({@link #jump}). Either way the link or channel is one use of the job, and the job's end ends it.
 */
public final class CpuTarget {

    private static final Logger LOG = LoggerFactory.getLogger(CpuTarget.class);

    /** Compute nodes' sshd port. */
    public static final int SSH_PORT = 22;

    private final String name;
    private final CpuJobs jobs;
    private final ComputeConfig compute;
    private final BackendConnector connector;

    public CpuTarget(String name, CpuJobs jobs, ComputeConfig compute, BackendConnector connector) {
        this.name = name;
        this.jobs = jobs;
        this.compute = compute;
        this.connector = connector;
    }

    /** True when {@code host:port} of a jump names this target ({@code cpu:22}, any case). */
    public boolean named(String host, int port) {
        return port == SSH_PORT && host.toLowerCase(Locale.ROOT).equals(name);
    }

    /** The target's name, as users connect to it. */
    public String name() {
        return name;
    }

    /**
     * The session form's backend link: the user's job (found, waited for, submitted), then a login
     * to its node. Fails with {@link BackendUnavailableException} carrying the user's line.
     */
    public CompletableFuture<BackendLink> link(ServerSession session, KeyPolicy policy, Consumer<String> progress) {
        UserConnection c = UserConnection.of(session);
        String user = session.getUsername();
        String sid = c.id();
        return jobs.obtain(new Requester(user, sid, policy), progress).thenCompose(use -> {
            CpuJob job = use.job();
            HostPort to = address(job.node());
            return connector.connectTo(new LinkRequest(user, sid, policy, null, c),
                    new Backend(job.node(), to.host(), to.port())).whenComplete((link, e) -> {
                        if (e != null) {
                            use.close();
                        } else {
                            link.onClose(use::close);
                            use.onEnded(line -> Relay.endConnection(session, line));
                        }
                    });
        }).exceptionallyCompose(e -> {
            Throwable t = Exceptions.unwrap(e);
            LOG.info("no CPU job session for {}: {}", user, Exceptions.describe(t));
            return CompletableFuture.failedFuture(t instanceof BackendUnavailableException ? t
                    : new BackendUnavailableException(Exceptions.describe(t)));
        });
    }

    /** The jump form: one use of the user's running job (refused with {@link CpuJobRefused}). */
    public CompletableFuture<CpuJobs.Use> jump(ServerSession session, KeyPolicy policy) {
        return jobs.obtain(new Requester(session.getUsername(), UserConnection.of(session).id(), policy), line -> { });
    }

    /** Where a job's node's sshd is: {@code compute.nodes}, else its name (with {@code compute.domain}) port 22. */
    public HostPort address(String node) {
        return compute.addressOf(node, SSH_PORT);
    }
}
