package org.patientportal.model;

/** Where a wait-list entry stands (SC-7). */
public enum WaitlistStatus {
    /** Waiting for an earlier slot. */
    WAITING,
    /** Moved to an earlier slot. */
    FULFILLED,
    /** Withdrawn, or the appointment it was for is gone. */
    CANCELLED
}
