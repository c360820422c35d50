package org.patientportal.core.scheduling;

import java.time.Instant;
import java.util.Objects;
import org.jspecify.annotations.Nullable;
import org.patientportal.model.AppointmentId;
import org.patientportal.model.PatientId;
import org.patientportal.model.ProviderId;
import org.patientportal.model.VisitTypeId;
import org.patientportal.model.WaitlistEntryId;
import org.patientportal.model.WaitlistStatus;

/**
 * A place on the wait list for an earlier slot (SC-7).
 *
 * @param id            the entry
 * @param patientId     the patient
 * @param appointmentId the booked appointment the patient would move
 * @param visitTypeId   its visit type
 * @param providerId    its provider
 * @param createdAt     when the patient joined
 * @param status        waiting, fulfilled or cancelled
 * @param closedAt      when it stopped waiting
 */
public record WaitlistEntryView(WaitlistEntryId id, PatientId patientId, AppointmentId appointmentId,
                                VisitTypeId visitTypeId, ProviderId providerId, Instant createdAt,
                                WaitlistStatus status, @Nullable Instant closedAt) {
    public WaitlistEntryView {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(patientId, "patientId");
        Objects.requireNonNull(appointmentId, "appointmentId");
        Objects.requireNonNull(visitTypeId, "visitTypeId");
        Objects.requireNonNull(providerId, "providerId");
        Objects.requireNonNull(createdAt, "createdAt");
        Objects.requireNonNull(status, "status");
    }
}
