package org.patientportal.model;

import java.time.Instant;
import java.util.Objects;

/**
 * A patient waiting for an earlier slot of the same visit type and provider than their booked
 * appointment (SC-7). Entries are served in id order (time-ordered ids: first come, first offered).
 *
 * @param id            the entry's id
 * @param patientId     the patient
 * @param appointmentId the booked appointment they want to move earlier
 * @param visitTypeId   its visit type
 * @param providerId    its provider
 * @param createdAt     when they joined the list
 * @param status        waiting, fulfilled or cancelled
 * @param closedAt      when it left WAITING, or null
 * @param version       optimistic-lock version, 0 for a new row
 */
public record WaitlistEntry(WaitlistEntryId id, PatientId patientId, AppointmentId appointmentId,
                            VisitTypeId visitTypeId, ProviderId providerId, Instant createdAt,
                            WaitlistStatus status, Instant closedAt, long version) {
    public WaitlistEntry {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(patientId, "patientId");
        Objects.requireNonNull(appointmentId, "appointmentId");
        Objects.requireNonNull(visitTypeId, "visitTypeId");
        Objects.requireNonNull(providerId, "providerId");
        Objects.requireNonNull(createdAt, "createdAt");
        Objects.requireNonNull(status, "status");
        Checks.notNegative(version, "version");
    }

    /** This entry moved out of WAITING. */
    public WaitlistEntry close(WaitlistStatus newStatus, Instant at) {
        return new WaitlistEntry(id, patientId, appointmentId, visitTypeId, providerId, createdAt, newStatus, at, version);
    }
}
