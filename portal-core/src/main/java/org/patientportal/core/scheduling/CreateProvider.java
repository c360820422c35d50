package org.patientportal.core.scheduling;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;

/**
 * A new provider (SC-1).
 *
 * @param displayName the name shown to patients ("Dr. A. Okafor"), 1 to 200 characters
 */
public record CreateProvider(@NotBlank @Size(max = 200) String displayName) {
}
