package org.jumpgate.jobs;

/**
 * The scheduler (or the job file) could not give a list of running jobs. The message says why in
 * words fit for a log line and, prefixed by the gateway, for a user; it never holds a secret.
 */
public final class SchedulerUnavailableException extends Exception {

    private static final long serialVersionUID = 1L;

    public SchedulerUnavailableException(String message) {
        super(message);
    }

    public SchedulerUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
