package org.patientportal.model;

/** Where a refill request stands (RF-3). Only a REQUESTED request is open; every other state is final. */
public enum RefillStatus {
    /** Open: waiting for a clinician. */
    REQUESTED,
    /** Approved by a clinician: the prescription's refills went down by one. */
    APPROVED,
    /** Denied by a clinician, with a reason. */
    DENIED,
    /** Withdrawn by the patient. */
    WITHDRAWN,
    /** Closed by the clinic's record (reason {@code discontinued}, RF-5). */
    CLOSED
}
