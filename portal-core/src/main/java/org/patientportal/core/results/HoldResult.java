package org.patientportal.core.results;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;

/**
 * A clinician's hold on a result (RS-2): only with a reason, for harm prevention.
 *
 * @param reason why the result is held, 1 to 500 characters, not blank; shown to clinicians only
 */
public record HoldResult(@NotBlank @Size(max = 500) String reason) {
}
