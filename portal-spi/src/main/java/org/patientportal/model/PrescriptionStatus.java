package org.patientportal.model;

/** Where a prescription stands in the clinic's record (RF-5, RF-6). */
public enum PrescriptionStatus {
    /** Current: may be refilled if the RF-2 rules allow. */
    ACTIVE,
    /** Discontinued by the clinic: shown as inactive, never refilled. */
    DISCONTINUED,
    /** Entered in error: left out of the patient's view (kept in the audit trail). */
    ENTERED_IN_ERROR
}
