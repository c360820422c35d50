package org.patientportal.core.notifications;

/**
 * What one {@link Notifications#dispatchDue()} (or one run of a {@link Dispatcher}) did.
 *
 * @param claimed      entries claimed
 * @param delivered    entries recorded DELIVERED (sent on every chosen channel, or nothing to send)
 * @param skipped      of the delivered, those with nothing to send (no channel chosen or reachable)
 * @param retried      entries whose attempt failed and that are due again after a backoff
 * @param deadLettered entries recorded DEAD (attempts exhausted, or a permanent failure), and entries
 *                     whose last allowed attempt's claim lapsed without an outcome (their dispatcher
 *                     died in the send): those were dead-lettered, not claimed, by this run
 * @param released     entries claimed but not attempted (the dispatcher was stopping, or the claim
 *                     had lapsed), or whose outcome could not be recorded: their claim lapses and
 *                     they are tried again
 */
public record DispatchReport(int claimed, int delivered, int skipped, int retried, int deadLettered, int released) {
    /** Nothing done. */
    public static final DispatchReport EMPTY = new DispatchReport(0, 0, 0, 0, 0, 0);

    /** Checks that no count is negative. */
    public DispatchReport {
        if (claimed < 0 || delivered < 0 || skipped < 0 || retried < 0 || deadLettered < 0 || released < 0) {
            throw new IllegalArgumentException("counts must not be negative");
        }
    }

    /** The sum of two reports. */
    public DispatchReport plus(DispatchReport other) {
        return new DispatchReport(claimed + other.claimed, delivered + other.delivered, skipped + other.skipped,
                retried + other.retried, deadLettered + other.deadLettered, released + other.released);
    }
}
