package org.patientportal.model;

import java.time.Instant;
import java.util.Objects;

/**
 * A patient's own delay of their sensitive results (RS-2, patient-requested): such a result imported
 * while it is set is released {@code days} days after its import at the earliest, unless a
 * clinician releases it first. Zero days means no delay.
 *
 * @param patientId the patient
 * @param days      the delay in days, 0 to 365 (the host's policy bounds it further)
 * @param updatedAt when it was last set
 * @param updatedBy who set it (an account id)
 */
public record ResultReleaseDelay(PatientId patientId, int days, Instant updatedAt, String updatedBy) {

    public ResultReleaseDelay {
        Objects.requireNonNull(patientId, "patientId");
        if (days < 0 || days > 365) {
            throw new IllegalArgumentException("days must be 0 to 365");
        }
        Objects.requireNonNull(updatedAt, "updatedAt");
        Checks.notBlank(updatedBy, "updatedBy");
    }
}
