package org.patientportal.core.scheduling;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.time.Duration;
import org.patientportal.model.PatientEligibility;

/**
 * A new visit type (SC-1).
 *
 * @param name            display name, 1 to 200 characters
 * @param duration        how long it takes: whole minutes, 1 minute to 24 hours
 * @param selfSchedulable whether patients book it themselves; if not, they send a request
 * @param eligibility     new patients, established patients or any
 */
public record CreateVisitType(@NotBlank @Size(max = 200) String name, @NotNull Duration duration,
                              boolean selfSchedulable, @NotNull PatientEligibility eligibility) {
}
