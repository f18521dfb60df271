package org.jumpgate.cluster;

import java.io.IOException;

/** The fleet's store cannot be reached now: a change that must reach every gateway was not made. */
public final class StoreUnavailableException extends IOException {

    private static final long serialVersionUID = 1L;

    public StoreUnavailableException(String message) {
        super(message);
    }
}
