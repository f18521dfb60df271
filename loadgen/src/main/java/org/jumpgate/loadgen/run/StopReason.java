package org.jumpgate.loadgen.run;

/** Why a run ended. */
public enum StopReason {
    DURATION("duration reached"),
    COUNT("count reached"),
    HARD_LIMIT("hard time limit reached; operations still running were aborted"),
    STOPPED("stopped");

    private final String description;

    StopReason(String description) {
        this.description = description;
    }

    public String description() {
        return description;
    }
}
