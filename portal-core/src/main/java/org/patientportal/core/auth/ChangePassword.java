package org.patientportal.core.auth;

import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import org.patientportal.core.TextRule;

/**
 * A logged-in patient changes the password (AU-7). The new password must keep the AU-2 rules;
 * every session of the account, the current one included, is revoked. {@link #toString()} never
 * shows either password.
 *
 * @param currentPassword the password in use, exactly as typed
 * @param newPassword     the new password, exactly as typed
 */
public record ChangePassword(
        @TextRule(TextRule.Form.SECRET) @NotNull @Size(max = ChangePassword.MAX_CHARS) String currentPassword,
        @TextRule(TextRule.Form.SECRET) @NotNull @Size(max = ChangePassword.MAX_CHARS) String newPassword) {

    /** The longest text accepted in either field, in UTF-16 units (256 code points fit). */
    public static final int MAX_CHARS = 2 * AuthPolicy.MAX_PASSWORD;

    @Override
    public String toString() {
        return "ChangePassword[currentPassword=***, newPassword=***]";
    }
}
