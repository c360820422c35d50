package org.patientportal.core.scheduling;

import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import org.patientportal.model.AppointmentId;
import org.jspecify.annotations.Nullable;

/**
 * Cancel a booked appointment (SC-4).
 *
 * @param appointmentId  the appointment
 * @param idempotencyKey 1 to 255 characters without control characters, to make retries safe (IN-1); without one a retry is a new call
 */
public record CancelAppointment(@NotNull AppointmentId appointmentId,
                                @Nullable @Size(min = 1, max = 255)
                              @Pattern(regexp = "[^\\p{Cntrl}]*", message = "must not contain control characters")
                              String idempotencyKey) {
}
