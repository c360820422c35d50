package org.patientportal.model;

/** Whether a slot can be booked. */
public enum SlotStatus {
    /** Free to book. */
    OPEN,
    /** Held by exactly one appointment. */
    BOOKED,
    /** Closed by staff. */
    CLOSED
}
