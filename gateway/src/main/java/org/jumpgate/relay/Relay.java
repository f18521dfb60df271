package org.jumpgate.relay;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;
import org.apache.sshd.common.ServiceFactory;
import org.apache.sshd.common.channel.Channel;
import org.apache.sshd.common.channel.ChannelFactory;
import org.apache.sshd.common.session.Session;
import org.apache.sshd.server.session.ServerSession;
import org.jumpgate.audit.AuditLog;
import org.jumpgate.backend.BackendLink;
import org.jumpgate.connection.UserConnection;

/** The relay's parts, for the server to install. */
public final class Relay {

    private Relay() {
    }

    /** Writes {@code line} on the stderr of each of the connection's sessions still waiting for their link. */
    public static void progress(ServerSession session, String line) {
        for (Channel c : Farewell.channels(session)) {
            if (c instanceof UserSessionChannel u) {
                u.progress(line);
            }
        }
    }

    /**
     * The {@code session} channel factory: each channel is relayed to the user's backend link.
     *
     * @param links     the user connection's backend link (made on first use)
     * @param acceptEnv environment variable globs passed through, like sshd's AcceptEnv
     */
    public static ChannelFactory sessionChannels(Function<ServerSession, CompletableFuture<BackendLink>> links,
                                                 List<String> acceptEnv, AuditLog audit) {
        EnvFilter env = new EnvFilter(acceptEnv);
        RelayContext context = new RelayContext() {
            @Override
            public CompletableFuture<BackendLink> link(ServerSession session) {
                return links.apply(session);
            }

            @Override
            public EnvFilter env() {
                return env;
            }

            @Override
            public AuditLog audit() {
                return audit;
            }

            @Override
            public String sessionId(ServerSession session) {
                return UserConnection.of(session).id();
            }
        };
        return new ChannelFactory() {
            @Override
            public String getName() {
                return "session";
            }

            @Override
            public Channel createChannel(Session session) {
                return new UserSessionChannel(context);
            }
        };
    }

    /** Channel types login nodes open back on a backend link, bridged to the user (-R, -A, -X). */
    public static List<ChannelFactory> reverseChannels() {
        return ReverseChannels.factories();
    }

    /**
     * The user connection's global requests: remote forwards relayed to the login node, keepalives
     * answered, everything else refused.
     */
    public static List<org.apache.sshd.common.channel.RequestHandler<org.apache.sshd.common.session.ConnectionService>>
            globalRequests(Function<ServerSession, CompletableFuture<BackendLink>> links, AuditLog audit) {
        return List.of(new ForwardRequests(links, audit), org.apache.sshd.common.global.KeepAliveHandler.INSTANCE,
                org.apache.sshd.server.global.NoMoreSessionsHandler.INSTANCE,
                org.apache.sshd.server.global.OpenSshHostKeysHandler.INSTANCE);
    }

    /**
     * Ends a user connection saying why ({@code reason}, e.g. "your job 1234 on cn-a001 ended"):
     * a line on the stderr of each relayed session, then SSH_MSG_DISCONNECT with the same words.
     * Completes once the disconnect is on its way.
     */
    public static CompletableFuture<Void> endConnection(ServerSession session, String reason) {
        return Farewell.end(session, reason);
    }

    /** How many channels are open on a user connection now. */
    public static int openChannels(ServerSession session) {
        return Farewell.channels(session).size();
    }

    /** The connection service that gives channel open failures a reason users can read. */
    public static ServiceFactory connectionService() {
        return GatewayConnectionService.FACTORY;
    }
}
