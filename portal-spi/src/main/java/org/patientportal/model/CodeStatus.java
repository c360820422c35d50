package org.patientportal.model;

/**
 * Life of an activation code. Expiry and the failure lock are not states: they are derived from
 * {@code expiresAt} and {@code failedAttempts} with the clock and the policy.
 */
public enum CodeStatus {
    /** Issued and not yet used or revoked. */
    ACTIVE,
    /** Consumed by a successful sign-up; never accepted again (EN-4). */
    USED,
    /** Revoked by staff or replaced by a newer code (EN-1). */
    REVOKED
}
