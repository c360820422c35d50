package org.patientportal.model;

/**
 * A diagnosis recorded for a completed visit (SC-5).
 *
 * @param code        the code (ICD-10-CM where known)
 * @param description the text shown to the patient
 */
public record Diagnosis(String code, String description) {
    public Diagnosis {
        Checks.notBlank(code, "code");
        Checks.notBlank(description, "description");
    }

    /** PHI: prints the code only. */
    @Override
    public String toString() {
        return "Diagnosis[" + code + "]";
    }
}
