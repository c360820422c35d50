package org.patientportal.model;

/** Who wrote a message: the patient's side (the patient or a proxy) or the clinic's (staff). */
public enum MessageSide {
    /** The patient, or a proxy acting for the patient. */
    PATIENT,
    /** Clinic staff. */
    CLINIC;

    /** The side that reads what this side writes. */
    public MessageSide other() {
        return this == PATIENT ? CLINIC : PATIENT;
    }
}
