package org.patientportal.core.profile;

import jakarta.validation.constraints.Email;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

/**
 * A new email address for the patient (PR-2), the same constraints as at registration.
 * {@link #toString()} prints no address.
 *
 * @param newEmail the address to put on file once confirmed
 */
public record ChangeEmail(
        @NotBlank @Email @Size(max = 254) @Pattern(regexp = "[^\\p{Cntrl}]*", message = "must not contain control characters")
        String newEmail) {

    @Override
    public String toString() {
        return "ChangeEmail[(hidden)]";
    }
}
