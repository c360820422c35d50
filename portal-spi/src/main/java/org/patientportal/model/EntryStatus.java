package org.patientportal.model;

/** Where an entry of the health history stands (HH-2, HH-3). */
public enum EntryStatus {
    /** In the clinic's record. */
    RECORDED,
    /** Reported by the patient, waiting for a clinician. */
    PENDING_REVIEW,
    /** Reported by the patient and accepted into the record by a clinician. */
    ACCEPTED,
    /** Reported by the patient and declined by a clinician, with a reason. */
    DECLINED,
    /** Entered in error: left out of the patient's view, kept in the audit trail. */
    ENTERED_IN_ERROR
}
