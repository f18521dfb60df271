package org.jumpgate.loadgen.run;

/** The target is not one load may go to, or cannot be resolved. */
public final class TargetRefusedException extends Exception {

    public TargetRefusedException(String message) {
        super(message);
    }
}
