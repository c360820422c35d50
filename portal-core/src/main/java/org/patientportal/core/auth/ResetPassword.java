package org.patientportal.core.auth;

import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.time.LocalDate;
import org.patientportal.core.TextRule;

/**
 * A forgotten password reset (AU-7): the reset code staff issued with
 * {@code Enrollment.issuePasswordResetCode}, the last four digits of the SSN and the birth date on
 * file, and the new password (AU-2 rules). Any wrong part fails like a wrong login, with
 * {@link org.patientportal.core.AuthenticationFailedException}. {@link #toString()} shows none of
 * the values.
 *
 * @param code        the reset code, any case, with spaces and dashes anywhere (EN-2)
 * @param ssnLast4    the last four digits of the SSN
 * @param birthDate   the date of birth
 * @param newPassword the new password, exactly as typed
 */
public record ResetPassword(
        @TextRule(TextRule.Form.SECRET) @NotNull @Size(max = 64) String code,
        @NotNull @Pattern(regexp = "[0-9]{4}", message = "must be 4 digits") String ssnLast4,
        @NotNull LocalDate birthDate,
        @TextRule(TextRule.Form.SECRET) @NotNull @Size(max = ChangePassword.MAX_CHARS) String newPassword) {

    @Override
    public String toString() {
        return "ResetPassword[code=***, ssnLast4=***, birthDate=***, newPassword=***]";
    }
}
