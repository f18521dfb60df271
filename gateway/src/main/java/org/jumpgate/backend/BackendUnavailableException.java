package org.jumpgate.backend;

/** No login node took the link; the message is the one line the user reads. */
public final class BackendUnavailableException extends Exception {

    private static final long serialVersionUID = 1L;

    public BackendUnavailableException(String message) {
        super(message);
    }
}
