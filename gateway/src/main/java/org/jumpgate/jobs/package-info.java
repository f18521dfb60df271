/**
 * The job directory: which compute nodes a user may jump to, because a RUNNING Slurm job of theirs
 * runs there. {@link org.jumpgate.jobs.JobDirectory} keeps one cluster-wide snapshot, refreshed
 * every {@code jobs.refresh} by a single scheduler call for all users ({@code squeue}, slurmrestd
 * or a YAML file, as {@link org.jumpgate.jobs.JobsConfig} says), forces a rate-limited refresh
 * before it would deny, and fails closed: with no snapshot younger than three refresh intervals
 * every lookup answers UNAVAILABLE with the cause. {@link org.jumpgate.jobs.Hostlist} expands
 * Slurm hostlists and {@link org.jumpgate.jobs.ComputeNodes} tells compute node names from other
 * jump targets.
 */
package org.jumpgate.jobs;
