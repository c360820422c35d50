package org.patientportal.model;

import java.time.Instant;
import java.util.Objects;

/**
 * A patient's request for a visit type that is not self-schedulable; staff turn it into an
 * appointment or decline it (SC-1).
 *
 * @param id            the request's id
 * @param patientId     the patient
 * @param visitTypeId   the visit type wanted
 * @param providerId    the provider wanted, or null for any
 * @param departmentId  the department wanted, or null for any
 * @param earliest      the earliest start the patient can make
 * @param latest        the latest start the patient can make
 * @param status        open, scheduled, declined or withdrawn
 * @param createdAt     when it was made
 * @param decidedAt     when staff decided (or the patient withdrew), or null
 * @param decidedBy     who decided, or null
 * @param appointmentId the appointment staff made, or null
 * @param declineReason a machine reason for a decline, or null
 * @param version       optimistic-lock version, 0 for a new row
 */
public record AppointmentRequest(AppointmentRequestId id, PatientId patientId, VisitTypeId visitTypeId,
                                 ProviderId providerId, DepartmentId departmentId, Instant earliest, Instant latest,
                                 RequestStatus status, Instant createdAt, Instant decidedAt, String decidedBy,
                                 AppointmentId appointmentId, String declineReason, long version) {
    public AppointmentRequest {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(patientId, "patientId");
        Objects.requireNonNull(visitTypeId, "visitTypeId");
        Objects.requireNonNull(earliest, "earliest");
        Objects.requireNonNull(latest, "latest");
        if (latest.isBefore(earliest)) {
            throw new IllegalArgumentException("latest must not be before earliest");
        }
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(createdAt, "createdAt");
        Checks.notNegative(version, "version");
    }

    /** This request decided (or withdrawn). */
    public AppointmentRequest decide(RequestStatus newStatus, Instant at, String by, AppointmentId appointment,
                                     String reason) {
        return new AppointmentRequest(id, patientId, visitTypeId, providerId, departmentId, earliest, latest,
                newStatus, createdAt, at, by, appointment, reason, version);
    }
}
