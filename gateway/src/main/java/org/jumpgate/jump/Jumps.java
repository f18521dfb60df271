package org.jumpgate.jump;

import java.net.InetSocketAddress;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.function.Function;
import java.util.function.Supplier;
import org.apache.sshd.common.SshConstants;
import org.apache.sshd.common.channel.ChannelFactory;
import org.apache.sshd.common.util.buffer.Buffer;
import org.apache.sshd.common.util.buffer.ByteArrayBuffer;
import org.apache.sshd.server.session.ServerSession;
import org.jumpgate.audit.AuditEvent;
import org.jumpgate.audit.AuditLog;
import org.jumpgate.backend.BackendLink;
import org.jumpgate.balancer.Backend;
import org.jumpgate.common.Exceptions;
import org.jumpgate.config.ComputeConfig;
import org.jumpgate.cpujobs.CpuJob;
import org.jumpgate.cpujobs.CpuTarget;
import org.jumpgate.common.HostPort;
import org.jumpgate.connection.KeyPolicy;
import org.jumpgate.connection.UserConnection;
import org.jumpgate.jobs.JobDirectory;
import org.jumpgate.relay.FarEnd;
import org.jumpgate.relay.OpenFailures;
import org.jumpgate.relay.RawAcceptedChannel;
import org.jumpgate.relay.RawOpenedChannel;
import org.jumpgate.relay.Relay;
import org.jumpgate.relay.SocketEnd;
import org.jspecify.annotations.Nullable;

/** The {@code direct-tcpip} channels of user connections, routed by {@link JumpRouter}. */
public final class Jumps implements AutoCloseable {

    private final JumpRouter router;
    private final @Nullable JobWatcher watcher;
    private final AuditLog audit;
    private final Function<ServerSession, CompletableFuture<BackendLink>> links;
    private final Executor resolver;
    private final Clock clock;
    private final @Nullable CpuTarget cpu;

    private Jumps(JumpRouter router, @Nullable JobWatcher watcher, AuditLog audit,
                  Function<ServerSession, CompletableFuture<BackendLink>> links, Executor resolver, Clock clock,
                  @Nullable CpuTarget cpu) {
        this.router = router;
        this.watcher = watcher;
        this.audit = audit;
        this.links = links;
        this.resolver = resolver;
        this.clock = clock;
        this.cpu = cpu;
    }

    /**
     * @param loginNodes the login nodes now (names a jump may target)
     * @param jobs       the job directory, or {@code null} when compute jumps are off
     * @param links      a user connection's backend link (for targets that leave from the login node)
     * @param resolver   where compute node names are resolved (DNS may block)
     */
    public static Jumps create(Supplier<List<Backend>> loginNodes, ComputeConfig compute, @Nullable JobDirectory jobs,
                               AuditLog audit, Function<ServerSession, CompletableFuture<BackendLink>> links,
                               Executor resolver, Clock clock) {
        return create(loginNodes, compute, jobs, audit, links, resolver, clock, null);
    }

    /** As above, with the CPU-job target ({@code ssh -J mila cpu}), or {@code null} when it is off. */
    public static Jumps create(Supplier<List<Backend>> loginNodes, ComputeConfig compute, @Nullable JobDirectory jobs,
                               AuditLog audit, Function<ServerSession, CompletableFuture<BackendLink>> links,
                               Executor resolver, Clock clock, @Nullable CpuTarget cpu) {
        return new Jumps(new JumpRouter(loginNodes, compute, jobs), jobs == null ? null : new JobWatcher(jobs, audit),
                audit, links, resolver, clock, cpu);
    }

    public ChannelFactory directTcpip() {
        return RawAcceptedChannel.factory("direct-tcpip", s -> (channel, payload) -> connect((ServerSession) s,
                channel, payload));
    }

    /** Open compute jumps the job watcher is keeping an eye on. */
    public int watchedJumps() {
        return watcher == null ? 0 : watcher.size();
    }

    private CompletableFuture<FarEnd> connect(ServerSession session, RawAcceptedChannel channel, byte[] payload) {
        Buffer b = new ByteArrayBuffer(payload);
        String host = b.getString();
        int port = b.getInt();
        String user = session.getUsername();
        UserConnection connection = UserConnection.of(session);
        String sid = connection.id();
        KeyPolicy policy = connection.keyPolicy();
        if (policy == null || !policy.allows("permit-port-forwarding")) {
            return refuse(user, sid, host, port, null, "jumpgate: port forwarding and jumps are disabled for your key");
        }
        CpuTarget cpuTarget = cpu;
        if (cpuTarget != null && cpuTarget.named(host, port)) {
            return cpuJump(session, channel, policy, cpuTarget, host, port);
        }
        return router.route(user, host, port).thenCompose(route -> {
            if (route instanceof Route.Refused r) {
                return refuse(user, sid, host, port, r.node(), r.reason());
            }
            if (route instanceof Route.LoginNode l) {
                return socket(session, channel, new HostPort(l.backend().host(), l.backend().port()), l.backend().name())
                        .thenApply(end -> allowed(user, sid, l.backend().name(), port, null, channel, end));
            }
            if (route instanceof Route.Compute c) {
                return socket(session, channel, c.address(), c.node()).thenApply(end -> {
                    watcher.watch(channel, new JobWatcher.Watched(user, c.node(), c.jobId(), sid));
                    return allowed(user, sid, c.node(), port, c.jobId(), channel, end);
                });
            }
            Route.ThroughLoginNode t = (Route.ThroughLoginNode) route;
            String target = KeyText.safe(t.host()) + ":" + t.port();
            return links.apply(session).thenCompose(link -> RawOpenedChannel.open(link.session(), "direct-tcpip",
                    payload, target + " via " + link.backend().name(), channel)
                    .<FarEnd>thenApply(end -> {
                        audit.record(new AuditEvent.ForwardLocal(user, sid, target, link.backend().name(), true, null));
                        return end;
                    })
                    .exceptionallyCompose(e -> {
                        String reason = OpenFailures.forwardRefused(e, "login node " + link.backend().name(), target);
                        audit.record(new AuditEvent.ForwardLocal(user, sid, target, link.backend().name(), false,
                                reason));
                        return CompletableFuture.failedFuture(new RawAcceptedChannel.Refusal(
                                SshConstants.SSH_OPEN_CONNECT_FAILED, reason));
                    }));
        });
    }

    /** {@code ssh -J mila cpu}: the user's CPU job's node, port 22; the channel is one use of the job. */
    private CompletableFuture<FarEnd> cpuJump(ServerSession session, RawAcceptedChannel channel, KeyPolicy policy,
                                              CpuTarget target, String host, int port) {
        String user = session.getUsername();
        String sid = UserConnection.of(session).id();
        return target.jump(session, policy).handle((use, e) -> {
            if (e != null) {
                return refuse(user, sid, host, port, null, Exceptions.describe(e));
            }
            CpuJob job = use.job();
            return socket(session, channel, target.address(job.node()), job.node()).thenApply(end -> {
                channel.onClose(use::close);
                use.onEnded(line -> {
                    if (Relay.openChannels(session) <= 1) {
                        Relay.endConnection(session, line);
                    } else {
                        channel.close(false);
                    }
                });
                return allowed(user, sid, job.node(), port, job.id(), channel, end);
            }).whenComplete((end, failed) -> {
                if (failed != null) {
                    use.close();
                }
            });
        }).thenCompose(f -> f);
    }

    private CompletableFuture<FarEnd> socket(ServerSession session, RawAcceptedChannel channel, HostPort to,
                                             String name) {
        return CompletableFuture.supplyAsync(() -> new InetSocketAddress(to.host(), to.port()), resolver)
                .thenCompose(addr -> {
                    if (addr.isUnresolved()) {
                        return CompletableFuture.failedFuture(new RawAcceptedChannel.Refusal(
                                SshConstants.SSH_OPEN_CONNECT_FAILED, "jumpgate: cannot resolve " + name));
                    }
                    return SocketEnd.connect(session.getFactoryManager(), addr, channel)
                            .<FarEnd>thenApply(e -> e)
                            .exceptionallyCompose(e -> CompletableFuture.failedFuture(new RawAcceptedChannel.Refusal(
                                    SshConstants.SSH_OPEN_CONNECT_FAILED, "jumpgate: cannot reach " + name + " ("
                                    + OpenFailures.describe(e) + ")")));
                });
    }

    private FarEnd allowed(String user, String sid, String node, int port, @Nullable String jobId, RawAcceptedChannel channel,
                           FarEnd end) {
        long start = clock.millis();
        audit.record(new AuditEvent.JumpAllowed(user, sid, node, port, jobId));
        channel.onClose(() -> {
            if (watcher != null) {
                watcher.forget(channel);
            }
            audit.record(new AuditEvent.JumpEnd(user, sid, node, port, jobId, channel.bytesIn(), channel.bytesOut(),
                    (clock.millis() - start) / 1000.0));
        });
        return end;
    }

    private CompletableFuture<FarEnd> refuse(String user, String sid, String host, int port, @Nullable String node,
                                             String reason) {
        audit.record(new AuditEvent.JumpDenied(user, sid, KeyText.safe(host) + ":" + port, node, reason));
        return CompletableFuture.failedFuture(new RawAcceptedChannel.Refusal(
                SshConstants.SSH_OPEN_ADMINISTRATIVELY_PROHIBITED, reason));
    }

    @Override
    public void close() {
        if (watcher != null) {
            watcher.close();
        }
    }
}
