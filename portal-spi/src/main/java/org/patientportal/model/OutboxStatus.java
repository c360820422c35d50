package org.patientportal.model;

/** Where an outbox entry is in its delivery (NT-2). */
public enum OutboxStatus {
    /** Waiting until {@code nextAttemptAt}. */
    PENDING,
    /** Taken by one dispatcher until {@code claimExpiresAt}; reclaimable after that. */
    CLAIMED,
    /** Handed to the sender successfully. */
    DELIVERED,
    /** Gave up after the configured number of attempts; staff may re-queue it. */
    DEAD,
    /** Withdrawn before delivery (a reminder of a cancelled appointment, say). */
    CANCELLED
}
