package org.jumpgate.jobs;

import java.util.List;

/**
 * Where RUNNING jobs come from: one call returns those of every user. Called from the job
 * directory's own thread, never concurrently with itself; it may block up to its own timeout.
 */
@FunctionalInterface
public interface JobSource {

    List<RunningJob> fetch() throws SchedulerUnavailableException;
}
