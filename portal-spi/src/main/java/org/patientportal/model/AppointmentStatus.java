package org.patientportal.model;

/** Where an appointment stands (SC-3..SC-5). */
public enum AppointmentStatus {
    /** Booked and upcoming (or not yet marked). */
    BOOKED,
    /** Cancelled by the patient, a proxy or staff. */
    CANCELLED,
    /** Moved to another slot (SC-4); the new appointment is a separate row. */
    RESCHEDULED,
    /** The visit took place. */
    COMPLETED,
    /** The patient did not come. */
    NO_SHOW
}
