package org.patientportal.core.messaging;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

/**
 * Create a pool: a named group of staff that answers messages (MS-6).
 *
 * @param name 1 to 100 characters, not blank, no control characters ("Nurse line")
 */
public record CreatePool(@NotBlank @Size(max = 100)
                         @Pattern(regexp = "[^\\p{Cntrl}]*", message = "must not contain control characters")
                         String name) {
}
