package org.patientportal.core.scheduling;

import java.time.Instant;
import java.util.Objects;
import org.jspecify.annotations.Nullable;
import org.patientportal.model.AppointmentId;
import org.patientportal.model.AppointmentRequestId;
import org.patientportal.model.DepartmentId;
import org.patientportal.model.PatientId;
import org.patientportal.model.ProviderId;
import org.patientportal.model.RequestStatus;
import org.patientportal.model.VisitTypeId;

/**
 * A request for a visit type that is not self-schedulable (SC-1).
 *
 * @param id            the request
 * @param patientId     the patient
 * @param visitTypeId   the visit type asked for
 * @param providerId    the provider asked for, if any
 * @param departmentId  the department asked for, if any
 * @param earliest      the start of the first day that suits the patient
 * @param latest        the end of the last day that suits the patient
 * @param status        open, scheduled or declined
 * @param createdAt     when the patient asked
 * @param decidedAt     when staff scheduled or declined it
 * @param appointmentId the appointment staff booked for it
 * @param declineReason the machine reason staff gave when declining
 */
public record AppointmentRequestView(AppointmentRequestId id, PatientId patientId, VisitTypeId visitTypeId,
                                     @Nullable ProviderId providerId, @Nullable DepartmentId departmentId,
                                     Instant earliest, Instant latest, RequestStatus status, Instant createdAt,
                                     @Nullable Instant decidedAt, @Nullable AppointmentId appointmentId,
                                     @Nullable String declineReason) {
    public AppointmentRequestView {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(patientId, "patientId");
        Objects.requireNonNull(visitTypeId, "visitTypeId");
        Objects.requireNonNull(earliest, "earliest");
        Objects.requireNonNull(latest, "latest");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(createdAt, "createdAt");
    }
}
