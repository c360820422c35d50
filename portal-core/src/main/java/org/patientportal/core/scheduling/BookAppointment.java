package org.patientportal.core.scheduling;

import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import org.patientportal.model.SlotId;
import org.patientportal.model.VisitTypeId;
import org.jspecify.annotations.Nullable;

/**
 * Book an open slot (SC-3).
 *
 * @param slotId         the slot
 * @param visitTypeId    the visit type, one the slot allows
 * @param idempotencyKey 1 to 255 characters without control characters, to make retries safe (IN-1); without one a retry is a new call
 */
public record BookAppointment(@NotNull SlotId slotId, @NotNull VisitTypeId visitTypeId,
                              @Nullable @Size(min = 1, max = 255)
                              @Pattern(regexp = "[^\\p{Cntrl}]*", message = "must not contain control characters")
                              String idempotencyKey) {
}
