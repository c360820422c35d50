package org.patientportal.core.profile;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;

/**
 * A new mobile number for the patient (PR-2), in E.164 as at registration. {@link #toString()}
 * prints no number.
 *
 * @param newMobile the number to put on file once confirmed ({@code +15555550123})
 */
public record ChangeMobile(
        @NotBlank @Pattern(regexp = "\\+[1-9][0-9]{6,14}", message = "must be an E.164 number such as +15555550123")
        String newMobile) {

    @Override
    public String toString() {
        return "ChangeMobile[(hidden)]";
    }
}
