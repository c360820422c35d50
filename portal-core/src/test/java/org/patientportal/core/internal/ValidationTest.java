package org.patientportal.core.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.patientportal.core.InvalidRequestException;
import org.patientportal.core.InvalidRequestException.Violation;
import org.patientportal.core.enrollment.RegisterPatient;

@DisplayName("IN-2 Validation")
class ValidationTest {

    @Test
    @DisplayName("IN-2 all violations at once, sorted by path, extra ones merged; @Past follows the injected clock")
    void all() {
        Validation validation = new Validation(Clock.fixed(Instant.parse("1990-01-01T00:00:00Z"), ZoneOffset.UTC));
        RegisterPatient command = new RegisterPatient("", "A", "B", LocalDate.of(1995, 1, 1), "12", null, null);
        InvalidRequestException e = catchThrowableOfType(InvalidRequestException.class,
                () -> validation.validate(command, List.of(new Violation("extra", "is wrong"))));
        assertThat(e.violations()).extracting(Violation::path).containsExactly("birthDate", "extra", "mrn", "mrn", "ssnLast4");
        assertThat(validation.violations(null)).containsExactly(new Violation("command", "must not be null"));
        assertThat(validation.violations(new RegisterPatient("M-1", "A", "B", LocalDate.of(1980, 1, 1), "1234", null, null)))
                .isEmpty();
    }
}
