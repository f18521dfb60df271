package org.jumpgate.admin;

import java.util.List;
import org.jumpgate.balancer.BackendStatus;

/**
 * What the admin API can see and do on a running gateway. The gateway implements it; the admin
 * HTTP server and its tests only know this interface.
 */
public interface AdminOps {

    /** An operation the gateway cannot do now, with the reason for the operator (e.g. the fleet's store is down). */
    final class RefusedException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        public RefusedException(String reason) {
            super(reason);
        }
    }

    /** Every backend with its state, load and sessions. */
    List<BackendStatus> backends();

    /**
     * Stops new sessions going to {@code name} (on every gateway of a fleet, and across restarts);
     * false if there is no such backend.
     *
     * @throws RefusedException when the change cannot reach the fleet now
     */
    boolean drain(String name);

    /** Lets new sessions go to {@code name} again; false if there is no such backend. */
    boolean undrain(String name);

    /** Open user connections. */
    List<SessionInfo> sessions();

    /**
     * Closes the user connection {@code id} (and its backend link), telling its user why (an
     * administrator ended it, and {@code reason} when not null); false if there is no such
     * connection.
     */
    boolean kill(String id, String reason);

    /**
     * Ends what is remembered of {@code user}'s second factor ({@code auth.rememberSecondFactor}):
     * their next connection asks for a code. False when nothing was remembered.
     */
    boolean forget(String user);

    /** Re-reads the configuration file; the result lists every error if it was refused. */
    ReloadResult reload();

    /** True while the gateway accepts new connections and has at least one backend UP. */
    boolean ready();

    /** The fleet as this gateway sees it. */
    ClusterInfo cluster();

    /**
     * This gateway's view of its fleet.
     *
     * @param fleet     false when this gateway runs on its own (no {@code cluster:})
     * @param connected whether the fleet's store answers now
     * @param store     the store's connect string, or null
     * @param member    this gateway's name in the fleet
     * @param members   the gateways in the fleet now (empty while the store cannot be reached)
     */
    record ClusterInfo(boolean fleet, boolean connected, String store, String member, List<String> members) {
        public ClusterInfo {
            members = List.copyOf(members);
        }
    }

    /**
     * One open user connection.
     *
     * @param id        the connection's id (as in the audit log)
     * @param user      user name, or null before authentication
     * @param source    client address
     * @param backend   login node of its backend link, or null if none yet
     * @param startedAt ISO-8601 instant
     * @param channels  open channels (0 for another gateway's)
     * @param gateway   the gateway of the fleet it is on, or null when there is no fleet
     */
    record SessionInfo(String id, String user, String source, String backend, String startedAt, int channels,
                       String gateway) {
        public SessionInfo(String id, String user, String source, String backend, String startedAt, int channels) {
            this(id, user, source, backend, startedAt, channels, null);
        }
    }

    /** Outcome of a reload: applied, or refused with every error. */
    record ReloadResult(boolean applied, List<String> errors) {
        public ReloadResult {
            errors = List.copyOf(errors);
        }
    }
}
