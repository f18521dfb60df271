/**
 * The CPU-job target ({@code ssh mila-cpu}, {@code cpuJobs:}): for each user, find their RUNNING
 * job named {@code cpuJobs.jobName}, wait for a PENDING one, or submit one as the user through a
 * backend link to a login node ({@code sbatch}, their own limits and accounting; the gateway
 * needs no Slurm privilege), under the user's lock ({@code cluster.UserLocks}) so concurrent
 * connections share one job; count the channels that use it, cancel it ({@code scancel}, as the
 * user) once none has used it for {@code cpuJobs.idle} (in a fleet, none of any gateway: each
 * lists its uses in {@code cluster.CpuJobUses}), and tell its users when it ends by itself.
 * Blocking work runs on the gateway's CPU-job workers, time on a {@link
 * org.jumpgate.cpujobs.Scheduler} and a clock passed in.
 */
@NullMarked
package org.jumpgate.cpujobs;

import org.jspecify.annotations.NullMarked;
