package org.patientportal.model;

/** How an activation code reaches the patient (EN-1); it sets the code's validity (EN-3). */
public enum Delivery {
    /** A printed enrollment letter. */
    LETTER,
    /** Printed on the after-visit summary. */
    AFTER_VISIT_SUMMARY,
    /** Handed over at the front desk. */
    IN_PERSON,
    /** Sent to the email on file. */
    EMAIL,
    /** Sent to the mobile number on file. */
    SMS
}
