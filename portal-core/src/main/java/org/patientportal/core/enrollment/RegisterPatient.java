package org.patientportal.core.enrollment;

import jakarta.validation.constraints.Email;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Past;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.time.LocalDate;
import org.jspecify.annotations.Nullable;

/**
 * A patient to register. Holds PHI: {@link #toString()} prints nothing of it. Validated when
 * used (IN-2), not here, so that every violation is reported at once.
 *
 * @param mrn        the clinic's medical record number: 1 to 64 letters, digits, {@code . _ / -}, starting with a letter or digit; unique
 * @param givenName  given name, 1 to 100 characters, no control character
 * @param familyName family name, 1 to 100 characters, no control character
 * @param birthDate  date of birth, in the past, year 1900 or later
 * @param ssnLast4   the last 4 digits of the SSN, exactly 4 ASCII digits (the full SSN is never accepted, EN-7)
 * @param email      email on file, if any
 * @param mobile     mobile number on file in E.164 ({@code +15555550123}), if any
 */
public record RegisterPatient(
        @NotBlank @Pattern(regexp = "[A-Za-z0-9][A-Za-z0-9._/-]{0,63}",
                message = "must be 1 to 64 letters, digits or . _ / - starting with a letter or digit") String mrn,
        @NotBlank @Size(max = 100) @Pattern(regexp = "[^\\p{Cntrl}]*", message = "must not contain control characters") String givenName,
        @NotBlank @Size(max = 100) @Pattern(regexp = "[^\\p{Cntrl}]*", message = "must not contain control characters") String familyName,
        @NotNull @Past LocalDate birthDate,
        @NotNull @Pattern(regexp = "[0-9]{4}", message = "must be exactly the last 4 digits of the SSN") String ssnLast4,
        @Nullable @Email @Size(max = 254) @Pattern(regexp = "[^\\p{Cntrl}]*", message = "must not contain control characters") String email,
        @Nullable @Pattern(regexp = "\\+[1-9][0-9]{6,14}", message = "must be an E.164 number such as +15555550123") String mobile) {

    @Override
    public String toString() {
        return "RegisterPatient[(PHI hidden)]";
    }
}
