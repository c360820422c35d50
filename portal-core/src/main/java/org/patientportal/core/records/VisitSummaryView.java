package org.patientportal.core.records;

import java.time.Instant;
import java.util.List;
import org.patientportal.model.AppointmentId;
import org.patientportal.model.Diagnosis;

/**
 * A past visit's after-visit summary and diagnoses, as scheduling recorded them (HH-1, SC-5).
 *
 * @param appointmentId the visit
 * @param start         when it started
 * @param summary       the after-visit summary
 * @param diagnoses     the diagnoses recorded
 */
public record VisitSummaryView(AppointmentId appointmentId, Instant start, String summary, List<Diagnosis> diagnoses) {
    /** Copies the diagnoses. */
    public VisitSummaryView {
        diagnoses = List.copyOf(diagnoses);
    }

    @Override
    public String toString() {
        return "VisitSummaryView[appointmentId=" + appointmentId + "]";
    }
}
