package org.patientportal.model;

/** Which patients a visit type is for (SC-1). */
public enum PatientEligibility {
    /** Patients who never had a completed visit. */
    NEW,
    /** Patients with at least one completed visit. */
    ESTABLISHED,
    /** Everyone. */
    ANY
}
