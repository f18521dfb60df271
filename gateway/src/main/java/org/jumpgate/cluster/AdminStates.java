package org.jumpgate.cluster;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Which login nodes an administrator drained: set from any gateway or CLI, kept across
 * restarts, and (in a fleet) seen by every gateway within about a second.
 */
public interface AdminStates extends AutoCloseable {

    /**
     * Drains {@code backend} (or ends its drain) for everyone who shares these states.
     *
     * @throws StoreUnavailableException when the change cannot reach the fleet now
     */
    void setDrained(String backend, boolean drained) throws IOException;

    /** The drained login nodes now. */
    Set<String> drained();

    /** {@code listener} is told the whole drained set whenever it changes (also by another gateway). */
    void onChange(Consumer<Set<String>> listener);

    @Override
    void close();

    /** Kept by one gateway in {@code file} (0600, JSON), read at start. */
    static AdminStates inFile(Path file) throws IOException {
        return FileAdminStates.load(file);
    }
}
