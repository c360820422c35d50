package org.patientportal.model;

/** Where a request for a request-only visit type stands. */
public enum RequestStatus {
    /** Waiting for staff. */
    OPEN,
    /** Staff turned it into an appointment. */
    SCHEDULED,
    /** Staff declined it (with a reason). */
    DECLINED,
    /** The patient withdrew it. */
    WITHDRAWN
}
