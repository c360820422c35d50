package org.patientportal.model;

import java.time.Instant;
import java.util.Objects;

/**
 * A patient's appointment in one slot (SC-3). Provider, department, visit type and times are
 * copied from the slot so lists need no join.
 *
 * @param id            the appointment's id
 * @param patientId     the patient
 * @param slotId        the slot it holds (or held)
 * @param providerId    the provider
 * @param departmentId  the department
 * @param visitTypeId   the visit type booked
 * @param start         start instant
 * @param end           end instant
 * @param status        booked, cancelled, rescheduled, completed or no-show
 * @param bookedAt      when it was booked
 * @param bookedBy      who booked it (an account id or a staff id)
 * @param closedAt      when it left BOOKED, or null
 * @param closedBy      who moved it out of BOOKED, or null
 * @param closeReason   a machine reason ("patient_cancelled", "rescheduled", ...), or null
 * @param version       optimistic-lock version, 0 for a new row
 */
public record Appointment(AppointmentId id, PatientId patientId, SlotId slotId, ProviderId providerId,
                          DepartmentId departmentId, VisitTypeId visitTypeId, Instant start, Instant end,
                          AppointmentStatus status, Instant bookedAt, String bookedBy, Instant closedAt,
                          String closedBy, String closeReason, long version) {
    public Appointment {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(patientId, "patientId");
        Objects.requireNonNull(slotId, "slotId");
        Objects.requireNonNull(providerId, "providerId");
        Objects.requireNonNull(departmentId, "departmentId");
        Objects.requireNonNull(visitTypeId, "visitTypeId");
        Objects.requireNonNull(start, "start");
        Objects.requireNonNull(end, "end");
        if (!end.isAfter(start)) {
            throw new IllegalArgumentException("end must be after start");
        }
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(bookedAt, "bookedAt");
        Checks.notBlank(bookedBy, "bookedBy");
        Checks.notNegative(version, "version");
    }

    /** A new booked appointment in {@code slot}. */
    public static Appointment book(AppointmentId id, PatientId patient, Slot slot, VisitTypeId visitType,
                                   Instant at, String by) {
        return new Appointment(id, patient, slot.id(), slot.providerId(), slot.departmentId(), visitType,
                slot.start(), slot.end(), AppointmentStatus.BOOKED, at, by, null, null, null, 0);
    }

    /** This appointment moved out of BOOKED. */
    public Appointment close(AppointmentStatus newStatus, Instant at, String by, String reason) {
        return new Appointment(id, patientId, slotId, providerId, departmentId, visitTypeId, start, end, newStatus,
                bookedAt, bookedBy, at, by, reason, version);
    }
}
