package org.patientportal.core.scheduling;

import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import org.patientportal.model.AppointmentId;
import org.patientportal.model.SlotId;
import org.jspecify.annotations.Nullable;

/**
 * Move a booked appointment to another slot, atomically (SC-4). The visit type stays the same.
 *
 * @param appointmentId  the appointment to move
 * @param newSlotId      the open slot to move it to
 * @param idempotencyKey 1 to 255 characters without control characters, to make retries safe (IN-1); without one a retry is a new call
 */
public record Reschedule(@NotNull AppointmentId appointmentId, @NotNull SlotId newSlotId,
                         @Nullable @Size(min = 1, max = 255)
                              @Pattern(regexp = "[^\\p{Cntrl}]*", message = "must not contain control characters")
                              String idempotencyKey) {
}
