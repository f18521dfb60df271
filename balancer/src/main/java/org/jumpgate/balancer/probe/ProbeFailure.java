package org.jumpgate.balancer.probe;

/** A failed probe; its message is the reason shown in the backend's state. No stack trace. */
final class ProbeFailure extends Exception {

    ProbeFailure(String reason) {
        super(reason, null, false, false);
    }

    static String reasonOf(Throwable t) {
        if (t instanceof ProbeFailure) {
            return t.getMessage();
        }
        String message = t.getMessage();
        return message == null ? t.getClass().getSimpleName() : message;
    }
}
