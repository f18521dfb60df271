package org.jumpgate.loadgen.run;

/** The latencies a run records, each in its own histogram (microseconds). */
public enum Metric {
    CONNECT("connect", "TCP connect"),
    KEX("kex", "identification and key exchange, after connect"),
    AUTH("auth", "authentication (key, then one-time code if asked), after key exchange"),
    LOGIN("login", "whole login: connect to disconnect"),
    FIRST_BYTE("first-byte", "channel open request to the far end's first answer"),
    ECHO("echo", "keystroke or probe byte to its answer"),
    TRANSFER("transfer", "one bulk transfer: channel open to exit status");

    private final String label;
    private final String description;

    Metric(String label, String description) {
        this.label = label;
        this.description = description;
    }

    public String label() {
        return label;
    }

    public String description() {
        return description;
    }

    @Override
    public String toString() {
        return label;
    }
}
