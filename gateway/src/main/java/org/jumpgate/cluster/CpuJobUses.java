package org.jumpgate.cluster;

/**
 * Which gateways use a user's CPU job now ({@code cpuJobs:}), so that one gateway's idle timer
 * never cancels a job that a connection through another gateway still uses or waits for:
 * {@link #local()} for a gateway on its own (its own count, kept by {@code cpujobs}, is all there
 * is), {@link Fleet#cpuJobUses()} for the fleet. It lives here, beside {@link UserLocks}, so that
 * {@code cpujobs} depends on {@code cluster} and never the other way.
 */
public interface CpuJobUses {

    /**
     * Lists for the fleet that this gateway uses (or waits for) {@code user}'s job {@code jobId},
     * until the returned listing is closed. Returns at once, from any thread (an I/O thread too):
     * the store is written in the background.
     */
    Listed list(String user, String jobId);

    /**
     * True when another gateway lists a use of {@code user}'s job {@code jobId} now. Blocking:
     * call it on a worker thread, never on an I/O thread.
     *
     * @throws StoreUnavailableException when that cannot be told (the store cannot be reached):
     *                                   the job must be kept
     */
    boolean usedElsewhere(String user, String jobId) throws StoreUnavailableException;

    /**
     * True when other gateways may track (and cancel) the same jobs: a job is then looked up
     * before it is cancelled, in case another gateway cancelled it first.
     */
    boolean shared();

    /** One gateway's listed use of a job; closing it again does nothing. */
    interface Listed extends AutoCloseable {
        @Override
        void close();
    }

    /** A gateway on its own: nothing is listed anywhere, and no other gateway uses its jobs. */
    static CpuJobUses local() {
        return new LocalCpuJobUses();
    }
}
