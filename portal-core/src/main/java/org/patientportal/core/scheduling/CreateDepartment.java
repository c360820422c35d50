package org.patientportal.core.scheduling;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.time.ZoneId;

/**
 * A new department (SC-1).
 *
 * @param name its display name, 1 to 200 characters
 * @param zone its time zone: every time of its slots is shown in it
 */
public record CreateDepartment(@NotBlank @Size(max = 200) String name, @NotNull ZoneId zone) {
}
