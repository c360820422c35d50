package org.patientportal.model;

/** The status of one version of a test result, as the clinic's record system sent it (RS-1, RS-8). */
public enum ResultStatus {
    /** Not final yet; shown as preliminary. */
    PRELIMINARY,
    /** Final. */
    FINAL,
    /** Corrected after a final version (RS-3). */
    CORRECTED,
    /** The order was cancelled; shown as cancelled. */
    CANCELLED,
    /** Entered in error: leaves the patient's view, never the audit trail (RS-8). */
    ENTERED_IN_ERROR
}
