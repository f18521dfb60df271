package org.jumpgate.loadgen.run;

/** Why an operation failed; a run counts errors by kind and keeps one example message of each. */
public enum ErrorKind {
    CONNECT_REFUSED("connect-refused"),
    CONNECT("connect"),
    HOST_KEY("host-key"),
    KEX("kex"),
    AUTH("auth"),
    TOTP_STEP_USED("totp-step-used"),
    CHANNEL_OPEN("channel-open"),
    EXIT_STATUS("exit-status"),
    CLOSED("closed"),
    TIMEOUT("timeout"),
    ABORTED("aborted");

    private final String label;

    ErrorKind(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }

    @Override
    public String toString() {
        return label;
    }
}
