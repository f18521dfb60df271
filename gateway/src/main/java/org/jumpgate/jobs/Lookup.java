package org.jumpgate.jobs;

import java.util.Objects;

/**
 * The job directory's answer for one user and one compute node.
 *
 * @param outcome ALLOWED, NO_JOB or UNAVAILABLE
 * @param user    the user asked about
 * @param node    the node asked about
 * @param jobId   the RUNNING job that allows the jump (ALLOWED only, else null)
 * @param cause   why the scheduler could not be asked, for logs and the user's message
 *                (UNAVAILABLE only, else null); never holds a secret
 */
public record Lookup(Outcome outcome, String user, String node, String jobId, String cause) {

    /** What the directory knows. */
    public enum Outcome {
        /** The user has a RUNNING job on the node ({@link #jobId()}). */
        ALLOWED,
        /** Fresh data says the user has no RUNNING job on the node. */
        NO_JOB,
        /** No fresh data: the scheduler is unreachable or failing ({@link #cause()}); fail closed. */
        UNAVAILABLE
    }

    public Lookup {
        Objects.requireNonNull(outcome, "outcome");
        Objects.requireNonNull(user, "user");
        Objects.requireNonNull(node, "node");
        if ((outcome == Outcome.ALLOWED) != (jobId != null)) {
            throw new IllegalArgumentException("a job id goes with ALLOWED and only with it");
        }
        if ((outcome == Outcome.UNAVAILABLE) != (cause != null)) {
            throw new IllegalArgumentException("a cause goes with UNAVAILABLE and only with it");
        }
    }

    public static Lookup allowed(String user, String node, String jobId) {
        return new Lookup(Outcome.ALLOWED, user, node, Objects.requireNonNull(jobId, "jobId"), null);
    }

    public static Lookup noJob(String user, String node) {
        return new Lookup(Outcome.NO_JOB, user, node, null, null);
    }

    public static Lookup unavailable(String user, String node, String cause) {
        return new Lookup(Outcome.UNAVAILABLE, user, node, null, Objects.requireNonNull(cause, "cause"));
    }

    public boolean allowed() {
        return outcome == Outcome.ALLOWED;
    }
}
