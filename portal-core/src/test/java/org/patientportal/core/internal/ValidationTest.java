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

    @Test
    @DisplayName("IN-2 a command with plain constraints only (@NotNull, @Size, @Pattern) skips the engine when it keeps"
            + " them, and has the engine's violations at every edge otherwise")
    void plainConstraints() {
        assertThat(Validation.checksPlainly(org.patientportal.core.scheduling.BookAppointment.class)).isTrue();
        assertThat(Validation.checksPlainly(RegisterPatient.class)).as("@Past is not plain").isFalse();
        jakarta.validation.Validator engine = jakarta.validation.Validation
                .byProvider(org.hibernate.validator.HibernateValidator.class).configure()
                .messageInterpolator(new org.hibernate.validator.messageinterpolation.ParameterMessageInterpolator())
                .buildValidatorFactory().getValidator();
        Validation validation = new Validation(Clock.systemUTC());
        org.patientportal.model.SlotId slot = org.patientportal.model.SlotId.newId();
        org.patientportal.model.VisitTypeId type = org.patientportal.model.VisitTypeId.newId();
        List<org.patientportal.core.scheduling.BookAppointment> commands = new java.util.ArrayList<>();
        for (String key : new String[] {null, "", "k", "a".repeat(255), "a".repeat(256), "a\u0000b", "tab\t",
                "del\u007f", "\u0085next-line", "caf\u00e9", "x\r\ny"}) {
            commands.add(new org.patientportal.core.scheduling.BookAppointment(slot, type, key));
            commands.add(new org.patientportal.core.scheduling.BookAppointment(null, type, key));
            commands.add(new org.patientportal.core.scheduling.BookAppointment(slot, null, key));
        }
        for (org.patientportal.core.scheduling.BookAppointment command : commands) {
            List<String> expected = engine.validate(command).stream()
                    .map(v -> v.getPropertyPath() + " " + v.getMessage()).sorted().toList();
            List<String> engineAndRules = new java.util.ArrayList<>(expected);
            List<Violation> rules = new java.util.ArrayList<>();
            InputRules.check(command, rules);
            rules.forEach(v -> engineAndRules.add(v.path() + " " + v.message()));
            assertThat(validation.violations(command).stream().map(v -> v.path() + " " + v.message()).sorted().toList())
                    .as(String.valueOf(command.idempotencyKey()))
                    .containsExactlyInAnyOrderElementsOf(engineAndRules.stream().distinct().toList());
        }
    }

    @Test
    @DisplayName("IN-2 LG-2 a map key in a path is escaped and cut: CR LF and 300 characters give one short line")
    void mapKeysInPaths() {
        String key = "\r\n" + "a".repeat(300);
        assertThat(Validation.pathKey(key)).isEqualTo("\\u000d\\u000a" + "a".repeat(38) + "\u2026");
        assertThat(Validation.pathKey("plain-kind")).isEqualTo("plain-kind");
        assertThat(Validation.pathKey("[x]\\\u2028\uD800")).isEqualTo("\\u005bx\\u005d\\u005c\\u2028\\ud800");
        assertThat(Validation.pathKey("\uD83D\uDE00".repeat(50))).isEqualTo("\uD83D\uDE00".repeat(40) + "\u2026");

        Validation validation = new Validation(Clock.systemUTC());
        List<Violation> violations = validation.violations(new org.patientportal.core.notifications.UpdatePreferences(
                java.util.Map.of(key, java.util.Set.of(org.patientportal.model.Channel.EMAIL)), null));
        assertThat(violations).isNotEmpty().allSatisfy(v -> assertThat(v.path())
                .doesNotContain("\r", "\n").hasSizeLessThan(80));
        assertThat(new InvalidRequestException(violations).getMessage()).doesNotContain("\r", "\n").hasSizeLessThan(200);
    }

    @Test
    @DisplayName("IN-2 prepare() builds the metadata of every command a capability takes, cascaded records too,"
            + " and validation after it finds the same violations")
    void prepare() {
        Clock clock = Clock.fixed(Instant.parse("1990-01-01T00:00:00Z"), ZoneOffset.UTC);
        RegisterPatient command = new RegisterPatient("", "A", "B", LocalDate.of(1995, 1, 1), "12", null, null);
        List<Violation> cold = new Validation(clock).violations(command);

        Validation prepared = new Validation(clock);
        assertThat(prepared.prepare(List.of(org.patientportal.core.enrollment.Enrollment.class,
                org.patientportal.core.records.HealthRecords.class, org.patientportal.core.scheduling.Scheduling.class)))
                .contains(RegisterPatient.class, org.patientportal.core.records.ImportHistory.class,
                        org.patientportal.core.records.HistoryRecord.class,
                        org.patientportal.core.scheduling.BookAppointment.class)
                .allMatch(type -> type.isRecord() && type.getPackageName().startsWith("org.patientportal.core"));
        assertThat(prepared.violations(command)).isNotEmpty().isEqualTo(cold);
    }

    @Test
    @DisplayName("IN-2 validators share their metadata but each keeps its own clock: @Past on two portals' clocks")
    void clockPerValidation() {
        RegisterPatient bornIn1995 = new RegisterPatient("M-1", "A", "B", LocalDate.of(1995, 1, 1), "1234", null, null);
        Validation in1990 = new Validation(Clock.fixed(Instant.parse("1990-01-01T00:00:00Z"), ZoneOffset.UTC));
        Validation in2020 = new Validation(Clock.fixed(Instant.parse("2020-01-01T00:00:00Z"), ZoneOffset.UTC));
        assertThat(in1990.violations(bornIn1995)).extracting(Violation::path).containsExactly("birthDate");
        assertThat(in2020.violations(bornIn1995)).isEmpty();
        assertThat(in1990.violations(bornIn1995)).extracting(Violation::path).containsExactly("birthDate");
    }
}
