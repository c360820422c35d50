package org.patientportal.core.results;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;

/**
 * A clinician's comment for the patient (RS-7), seen with the result once it is released.
 *
 * @param comment the comment, 1 to 4,000 characters, not blank
 */
public record CommentOnResult(@NotBlank @Size(max = 4000) String comment) {
}
