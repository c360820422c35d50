package org.patientportal.model;

/** Who an entry of the health history comes from (HH-2). */
public enum EntrySource {
    /** The clinic's record system. */
    CLINIC,
    /** The patient (or their proxy), pending a clinician's review until accepted or declined. */
    PATIENT
}
