package org.patientportal.core.profile;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import org.patientportal.model.ContactKind;

/**
 * The code sent to the new address of a contact change (PR-2), typed as the patient received it
 * ({@code XXXXX-XXXXX-XXXXX}, with or without dashes, any case). {@link #toString()} prints no code.
 *
 * @param kind which change it confirms
 * @param code the code
 */
public record ConfirmContactChange(@NotNull ContactKind kind, @NotBlank @Size(max = 64) String code) {

    @Override
    public String toString() {
        return "ConfirmContactChange[kind=" + kind + "]";
    }
}
