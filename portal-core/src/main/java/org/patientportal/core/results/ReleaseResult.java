package org.patientportal.core.results;

import jakarta.validation.constraints.Size;
import org.jspecify.annotations.Nullable;
import org.patientportal.core.TextRule;

/**
 * Lifts a clinician's hold (RS-2), with an optional comment for the patient released with the
 * result (RS-7).
 *
 * @param comment the comment, up to 4,000 characters, or null to keep the current one
 */
public record ReleaseResult(@TextRule(TextRule.Form.MULTI_LINE) @Nullable @Size(max = 4000) String comment) {
}
