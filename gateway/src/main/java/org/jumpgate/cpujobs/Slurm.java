package org.jumpgate.cpujobs;

import java.io.IOException;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;
import org.jumpgate.backend.BackendLink;

/**
 * The user's own Slurm commands ({@code squeue}, {@code sbatch}, {@code scancel}), run as the
 * user. Blocking: call it on a worker thread, never on an I/O thread.
 */
public interface Slurm {

    /** A session of commands as {@code who} (one login); close it when done. */
    Session open(Requester who) throws IOException;

    /** Commands as one user. */
    interface Session extends AutoCloseable {

        /** The user's jobs named {@code jobName} that have not ended, oldest first. */
        List<QueuedJob> jobs(String jobName) throws IOException;

        /**
         * Submits a job named {@code jobName} with the operator's {@code flags}; its id.
         *
         * @throws CpuJobRefused with sbatch's own words when it refuses (QOS, limits, partition)
         */
        String submit(String jobName, List<String> flags) throws IOException, CpuJobRefused;

        /** Cancels the job (gone already is fine). */
        void cancel(String jobId) throws IOException;

        @Override
        void close();
    }

    /**
     * Commands run on a login node as the user through a backend link of their own ({@code links}:
     * a link for the requester, e.g. the balancer's pick), one exec channel each.
     */
    static Slurm overLinks(Function<Requester, CompletableFuture<BackendLink>> links) {
        return new LinkSlurm(links);
    }
}
