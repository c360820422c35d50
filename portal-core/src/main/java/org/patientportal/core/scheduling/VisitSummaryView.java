package org.patientportal.core.scheduling;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import org.patientportal.model.AppointmentId;
import org.patientportal.model.Diagnosis;
import org.patientportal.model.PatientId;

/**
 * The after-visit summary of a completed visit (SC-5). Holds PHI: {@link #toString()} prints ids only.
 *
 * @param appointmentId the visit
 * @param patientId     the patient
 * @param summary       the clinician's summary
 * @param diagnoses     the diagnoses, in order
 * @param recordedAt    when it was last recorded
 */
public record VisitSummaryView(AppointmentId appointmentId, PatientId patientId, String summary,
                               List<Diagnosis> diagnoses, Instant recordedAt) {
    public VisitSummaryView {
        Objects.requireNonNull(appointmentId, "appointmentId");
        Objects.requireNonNull(patientId, "patientId");
        Objects.requireNonNull(summary, "summary");
        diagnoses = List.copyOf(diagnoses);
        Objects.requireNonNull(recordedAt, "recordedAt");
    }

    @Override
    public String toString() {
        return "VisitSummaryView[appointmentId=" + appointmentId + "]";
    }
}
