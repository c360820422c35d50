package org.patientportal.core.maintenance;

/**
 * What one {@link Maintenance#purge} deleted.
 *
 * @param outboxEntries      delivered and cancelled outbox entries deleted
 * @param idempotencyRecords idempotency records deleted
 * @param complete           whether nothing older than the bounds is left (false: the call stopped
 *                           at its batch limit; call again)
 */
public record Purged(long outboxEntries, long idempotencyRecords, boolean complete) {
    /** Checks that no count is negative. */
    public Purged {
        if (outboxEntries < 0 || idempotencyRecords < 0) {
            throw new IllegalArgumentException("counts must not be negative");
        }
    }
}
