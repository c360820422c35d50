package org.patientportal.core.enrollment;

import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Past;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.format.ResolverStyle;
import org.patientportal.core.InvalidRequestException;
import org.jspecify.annotations.Nullable;
import org.patientportal.core.TextRule;

/**
 * A patient's sign-up (EN-4). Validated when used (IN-2), every violation at once: the code's form
 * (EN-2), the SSN4, the birth date, the username and password rules (AU-1, AU-2).
 * {@link #toString()} hides every secret and PHI.
 *
 * @param activationCode the code, {@code XXXXX-XXXXX-XXXXX}, any case, with spaces and dashes anywhere (EN-2)
 * @param ssnLast4       the last 4 digits of the SSN, exactly 4 ASCII digits
 * @param birthDate      the date of birth, with a 4-digit year
 * @param username       the new username (AU-1)
 * @param password       the new password (AU-2), exactly as typed
 * @param idempotencyKey 1 to 255 characters without control characters, to make retries safe (IN-1); without one a retry is a new call
 */
public record SignUp(
        @TextRule(TextRule.Form.SECRET) @NotNull String activationCode,
        @NotNull @Pattern(regexp = "[0-9]{4}", message = "must be exactly the last 4 digits of the SSN") String ssnLast4,
        @NotNull @Past LocalDate birthDate,
        String username,
        @TextRule(TextRule.Form.SECRET) String password,
        @Nullable @Size(min = 1, max = 255) @Pattern(regexp = "[^\\p{Cntrl}]*", message = "must not contain control characters")
        String idempotencyKey) {

    private static final DateTimeFormatter ISO_DATE = DateTimeFormatter.ofPattern("uuuu-MM-dd")
            .withResolverStyle(ResolverStyle.STRICT);

    /**
     * A sign-up from form text, with the birth date as typed.
     *
     * @param birthDateText the birth date as {@code yyyy-MM-dd} (ISO, 4-digit year, a real date)
     * @throws InvalidRequestException on path {@code "birthDate"} if the text is not such a date
     */
    public static SignUp fromForm(String activationCode, String ssnLast4, String birthDateText, String username,
                                  String password, String idempotencyKey) {
        return new SignUp(activationCode, ssnLast4, parseBirthDate(birthDateText), username, password, idempotencyKey);
    }

    private static LocalDate parseBirthDate(String text) {
        if (text == null || !text.matches("[0-9]{4}-[0-9]{2}-[0-9]{2}")) {
            throw InvalidRequestException.of("birthDate", "must be a date as yyyy-MM-dd");
        }
        try {
            return LocalDate.parse(text, ISO_DATE);
        } catch (DateTimeParseException e) {
            throw InvalidRequestException.of("birthDate", "must be a date as yyyy-MM-dd");
        }
    }

    @Override
    public String toString() {
        return "SignUp[code, SSN4, birth date, username and password hidden, idempotencyKey=" + (idempotencyKey == null ? "none" : "(set)") + "]";
    }
}
