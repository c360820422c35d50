package org.patientportal.model;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * The after-visit summary and diagnoses of a completed visit (SC-5). Holds PHI: {@link #toString()}
 * prints ids only.
 *
 * @param appointmentId the visit
 * @param patientId     the patient
 * @param summary       the after-visit summary text
 * @param diagnoses     the diagnoses recorded, in order
 * @param recordedAt    when it was last recorded
 * @param recordedBy    the clinician's staff id
 * @param version       optimistic-lock version, 0 for a new row
 */
public record VisitSummary(AppointmentId appointmentId, PatientId patientId, String summary, List<Diagnosis> diagnoses,
                           Instant recordedAt, String recordedBy, long version) {
    public VisitSummary {
        Objects.requireNonNull(appointmentId, "appointmentId");
        Objects.requireNonNull(patientId, "patientId");
        Objects.requireNonNull(summary, "summary");
        diagnoses = List.copyOf(Objects.requireNonNull(diagnoses, "diagnoses"));
        Objects.requireNonNull(recordedAt, "recordedAt");
        Checks.notBlank(recordedBy, "recordedBy");
        Checks.notNegative(version, "version");
    }

    @Override
    public String toString() {
        return "VisitSummary[appointmentId=" + appointmentId + ", version=" + version + "]";
    }
}
