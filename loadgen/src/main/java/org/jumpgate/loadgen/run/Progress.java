package org.jumpgate.loadgen.run;

import java.time.Duration;

/**
 * Where a run is.
 *
 * @param completed operations that succeeded so far
 * @param errors    failures so far
 * @param active    logins in flight or sessions held
 * @param elapsed   time since the start
 * @param done      whether the run has ended
 */
public record Progress(long completed, long errors, int active, Duration elapsed, boolean done) {
}
