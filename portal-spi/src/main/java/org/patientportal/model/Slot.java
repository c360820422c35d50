package org.patientportal.model;

import java.time.Instant;
import java.util.Objects;
import java.util.Set;

/**
 * A bookable time of one provider in one department (SC-1). Booked at most once (SC-3): the
 * store's conditional {@code book} decides.
 *
 * @param id            the slot's id
 * @param providerId    the provider
 * @param departmentId  the department
 * @param start         start instant
 * @param end           end instant, after start
 * @param visitTypes    the visit types it may be booked for, not empty
 * @param status        open, booked or closed
 * @param appointmentId the appointment holding it while BOOKED, else null
 * @param version       optimistic-lock version, 0 for a new row
 */
public record Slot(SlotId id, ProviderId providerId, DepartmentId departmentId, Instant start, Instant end,
                   Set<VisitTypeId> visitTypes, SlotStatus status, AppointmentId appointmentId, long version) {
    public Slot {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(providerId, "providerId");
        Objects.requireNonNull(departmentId, "departmentId");
        Objects.requireNonNull(start, "start");
        Objects.requireNonNull(end, "end");
        if (!end.isAfter(start)) {
            throw new IllegalArgumentException("end must be after start");
        }
        visitTypes = Set.copyOf(Objects.requireNonNull(visitTypes, "visitTypes"));
        if (visitTypes.isEmpty()) {
            throw new IllegalArgumentException("visitTypes must not be empty");
        }
        Objects.requireNonNull(status, "status");
        if ((status == SlotStatus.BOOKED) != (appointmentId != null)) {
            throw new IllegalArgumentException("a slot has an appointment exactly when it is BOOKED");
        }
        Checks.notNegative(version, "version");
    }

    /** A new open slot. */
    public static Slot open(ProviderId provider, DepartmentId department, Instant start, Instant end,
                            Set<VisitTypeId> visitTypes) {
        return new Slot(SlotId.newId(), provider, department, start, end, visitTypes, SlotStatus.OPEN, null, 0);
    }
}
