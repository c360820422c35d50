package org.patientportal.model;

/** The categories of a patient's health history (HH-1, HH-2). */
public enum HistoryCategory {
    /** Problems (diagnoses), with onset and clinical status. */
    PROBLEM,
    /** Allergies, with reaction and severity. */
    ALLERGY,
    /** Immunizations, with date and dose. */
    IMMUNIZATION,
    /** Vital signs, with value, unit and when taken. */
    VITAL,
    /** Medications taken elsewhere, as the patient reports them (HH-2). */
    MEDICATION
}
