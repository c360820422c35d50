package org.patientportal.core.results;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;
import org.patientportal.core.TextRule;

/**
 * A clinician's comment for the patient (RS-7), seen with the result once it is released.
 *
 * @param comment the comment, 1 to 4,000 characters, not blank
 */
public record CommentOnResult(@TextRule(TextRule.Form.MULTI_LINE) @NotBlank @Size(max = 4000) String comment) {
}
