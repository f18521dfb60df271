package org.jumpgate.balancer.pool;

/**
 * One reply line of an HAProxy agent-check responder. A field that is {@code null} (or -1) was not
 * in the reply and leaves what an earlier reply said unchanged, as in HAProxy.
 *
 * @param admin         {@code ready}, {@code drain} or {@code maint}
 * @param operational   {@code up}, or {@code down}/{@code fail}/{@code stopped}
 * @param weightPercent {@code NN%}: share of the configured weight, -1 when absent
 * @param maxconn       {@code maxconn:N}: most sessions this gateway may hold there, -1 when absent
 * @param description   text after {@code #}, or {@code null}
 */
public record AgentReply(Admin admin, Operational operational, int weightPercent, int maxconn, String description) {

    /** Administrative words. */
    public enum Admin { READY, DRAIN, MAINT }

    /** Operational words; all but {@link #UP} mean down and differ only in what they tell an operator. */
    public enum Operational {
        UP, DOWN, FAIL, STOPPED;

        public boolean isUp() {
            return this == UP;
        }
    }

    /** The reply as a short text for the backend's reason. */
    public String summary() {
        StringBuilder s = new StringBuilder();
        if (admin != null) {
            s.append(admin.name().toLowerCase(java.util.Locale.ROOT)).append(' ');
        }
        if (operational != null) {
            s.append(operational.name().toLowerCase(java.util.Locale.ROOT)).append(' ');
        }
        if (weightPercent >= 0) {
            s.append(weightPercent).append("% ");
        }
        if (maxconn >= 0) {
            s.append("maxconn:").append(maxconn).append(' ');
        }
        if (description != null) {
            s.append('#').append(description);
        }
        return s.toString().trim();
    }
}
