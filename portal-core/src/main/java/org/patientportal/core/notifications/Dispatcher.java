package org.patientportal.core.notifications;

import java.time.Duration;

/**
 * A dispatcher running on the host's {@link java.util.concurrent.ScheduledExecutorService}
 * ({@link Notifications#startDispatcher}). Thread-safe.
 *
 * <p>Stopping is clean: no new run starts, the run in progress sends no further entry after the one
 * in flight, records that one's outcome and ends. Entries it had claimed but not sent stay claimed
 * until their lease ends, then any dispatcher takes them: nothing is lost, here or when the JVM dies
 * in the middle of a batch. The host's executor is never shut down.
 *
 * <p>Only {@link #stop} ends it: a run that fails, whatever it throws ({@link Error}s included), is
 * logged by its type or code (never its message), counted in {@link #failedRuns()}, and the next
 * run starts as scheduled.
 */
public interface Dispatcher {
    /** Stops and waits until the run in progress, if any, has ended. Calling it again does nothing. */
    void stop();

    /**
     * Stops and waits at most {@code timeout} for the run in progress.
     *
     * @return whether no run is in progress any more
     */
    boolean stop(Duration timeout);

    /** Whether {@link #stop} was called. */
    boolean isStopped();

    /** How many runs ended with something thrown (a storage failure, an {@link Error}) since the start. */
    long failedRuns();
}
