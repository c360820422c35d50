package org.patientportal.core.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Method;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.patientportal.core.AccessDeniedException;
import org.patientportal.core.Actor;
import org.patientportal.core.InvalidRequestException;
import org.patientportal.core.InvalidRequestException.Violation;
import org.patientportal.core.PortalException;
import org.patientportal.core.PortalStorageException;
import org.patientportal.core.Role;
import org.patientportal.core.TextRule;
import org.patientportal.core.notifications.UpdatePreferences;
import org.patientportal.core.PageRequest;
import org.patientportal.core.scheduling.CreateDepartment;
import org.patientportal.core.scheduling.CreateProvider;
import org.patientportal.core.scheduling.CreateVisitType;
import org.patientportal.core.scheduling.DepartmentView;
import org.patientportal.core.scheduling.FindSlots;
import org.patientportal.core.scheduling.OpenSlot;
import org.patientportal.core.scheduling.ProviderView;
import org.patientportal.core.scheduling.RequestAppointment;
import org.patientportal.core.scheduling.VisitTypeView;
import org.patientportal.core.testing.OnEveryStorage;
import org.patientportal.core.testing.PortalSuiteFixture;
import org.patientportal.model.Channel;
import org.patientportal.model.PatientEligibility;
import org.patientportal.model.PatientId;

/**
 * IN-2 on every command of the public API, found by reflection ({@link CommandShapes}): so a command
 * or field added later is covered without editing this suite.
 *
 * <ul>
 *   <li>the text rule: NUL, other C0 and C1 controls, DEL and unpaired surrogates in every
 *       {@code String} of every command (and line breaks, tabs and U+2028/2029 in every single-line
 *       one) are an {@link InvalidRequestException} on the field's path, never a storage failure;</li>
 *   <li>sane dates: the extreme values of every date, date-time, instant and duration of every
 *       command are an {@link InvalidRequestException} on the field's path, never a JDK exception;</li>
 *   <li>the {@code String} and date parameters outside commands give only the SDK's own exceptions;</li>
 *   <li>a map key reaches a violation's path only escaped and cut (LG-2).</li>
 * </ul>
 *
 * Each operation is called as a staff member with every role on a registered patient, or, where
 * staff are refused (a patient-only operation), as that patient.
 */
@OnEveryStorage
@DisplayName("IN-2 input rules on every command")
class InputRulesSuite extends PortalSuiteFixture {
    private static final Actor ALL_ROLES = Actor.staff("input-all", Role.FRONT_DESK, Role.values());
    private static final List<String> ALWAYS_BAD = List.of("\u0000", "a\u0000b", "a\u0001b", "\u001b[31m", "\u007F",
            "\u0085", "x\u009Fx", "\uD800", "\uDC00x", "a\uD83Db", "\uFFFF");
    private static final List<String> BAD_IN_ONE_LINE = List.of("a\nb", "a\rb", "a\tb", "a\u2028b", "a\u2029b");

    private PatientId patient;
    private Actor me;

    @BeforeEach
    void signedUpPatient() {
        Member member = signedUpMember("IN");
        patient = member.patient();
        me = member.actor();
    }

    @Test
    @DisplayName("IN-2 the discovery finds the commands, their nested records, lists and map keys")
    void discoveryIsNotVacuous() {
        assertThat(CommandShapes.names(CommandShapes.leaves())).contains(
                "Scheduling.createDepartment name", "Scheduling.createProvider displayName",
                "Scheduling.createVisitType name", "Scheduling.recordVisitSummary summary",
                "Scheduling.recordVisitSummary diagnoses[0].code", "Scheduling.recordVisitSummary diagnoses[0].description",
                "Scheduling.findOpenSlots from", "Scheduling.findOpenSlots to", "Scheduling.openSlot localStart",
                "Scheduling.openSlotsFromTemplate firstDay", "Scheduling.requestAppointment latest",
                "Messaging.start body", "Messaging.reply body", "Medications.importPrescriptions prescriptions[0].instructions",
                "Medications.addPharmacy name", "Results.importResult components[0].textValue",
                "HealthRecords.importHistory entries[0].detail", "HealthRecords.report detail",
                "Notifications.updatePreferences channelsByKind<K>[#]", "Enrollment.registerPatient givenName",
                "Auth.sessions cursor");
    }

    @Test
    @DisplayName("IN-2 only passwords and one-time codes are exempt from the text rule (SECRET)")
    void onlyPasswordsAndCodesAreSecret() {
        assertThat(CommandShapes.leaves().stream().filter(l -> l.form() == TextRule.Form.SECRET)
                .map(CommandShapes.Leaf::path)).isNotEmpty().allMatch(p -> p.toLowerCase(java.util.Locale.ROOT)
                .endsWith("password") || p.equals("code") || p.equals("activationCode"));
    }

    @TestFactory
    @DisplayName("IN-2 control characters and broken surrogates in every String of every command are refused on its path")
    Stream<DynamicTest> textRule() {
        return CommandShapes.leaves().stream()
                .filter(l -> l.type() == String.class && l.form() != TextRule.Form.SECRET)
                .map(leaf -> DynamicTest.dynamicTest(leaf.toString(), () -> {
                    List<String> bad = new ArrayList<>(ALWAYS_BAD);
                    if (leaf.form() == TextRule.Form.SINGLE_LINE) {
                        bad.addAll(BAD_IN_ONE_LINE);
                    }
                    for (String value : bad) {
                        Throwable thrown = call(leaf, value);
                        assertThat(thrown).as("%s with %s", leaf, codePoints(value))
                                .isInstanceOf(InvalidRequestException.class);
                        // the text rule's message, or a more specific one on the same path (a code format)
                        assertThat(((InvalidRequestException) thrown).violations()).as("%s with %s", leaf, codePoints(value))
                                .extracting(Violation::path).contains(leaf.expectedPath(value));
                    }
                }));
    }

    @TestFactory
    @DisplayName("IN-2 multi-line text keeps its line breaks and tabs")
    Stream<DynamicTest> multiLineText() {
        return CommandShapes.leaves().stream()
                .filter(l -> l.type() == String.class && l.form() == TextRule.Form.MULTI_LINE)
                .map(leaf -> DynamicTest.dynamicTest(leaf.toString(), () -> {
                    String value = "First line,\r\nsecond\tline.\u2028Third.";
                    Throwable thrown = call(leaf, value);
                    if (thrown instanceof InvalidRequestException invalid) {
                        assertThat(invalid.violations()).as(leaf.toString()).doesNotContain(
                                new Violation(leaf.expectedPath(value), TextRule.MESSAGE));
                    }
                    assertThat(thrown).as(leaf.toString()).satisfiesAnyOf(t -> assertThat(t).isNull(),
                            t -> assertThat(t).isInstanceOf(PortalException.class).isNotInstanceOf(PortalStorageException.class));
                }));
    }

    @TestFactory
    @DisplayName("IN-2 the extreme values of every date, instant and duration of every command are refused on its path, never a JDK exception")
    Stream<DynamicTest> saneDates() {
        return CommandShapes.leaves().stream()
                .filter(l -> CommandShapes.TEMPORAL.contains(l.type()))
                .map(leaf -> DynamicTest.dynamicTest(leaf.toString(), () -> {
                    for (Object value : extremes(leaf.type())) {
                        Throwable thrown = call(leaf, value);
                        if (leaf.type() == LocalTime.class) {
                            // MIN and MAX are real times of day: only no foreign exception
                            assertThat(thrown).as("%s with %s", leaf, value).satisfiesAnyOf(
                                    t -> assertThat(t).isNull(), t -> assertThat(t).isInstanceOf(PortalException.class)
                                            .isNotInstanceOf(PortalStorageException.class));
                            continue;
                        }
                        assertThat(thrown).as("%s with %s", leaf, value).isInstanceOf(InvalidRequestException.class);
                        assertThat(((InvalidRequestException) thrown).violations()).as("%s with %s", leaf, value)
                                .extracting(Violation::path).contains(leaf.expectedPath(value));
                    }
                }));
    }

    @TestFactory
    @DisplayName("IN-2 control characters and extreme dates in the String and date parameters outside commands give only the SDK's own exceptions")
    Stream<DynamicTest> plainParameters() {
        List<DynamicTest> tests = new ArrayList<>();
        for (Method method : CommandShapes.operations()) {
            Class<?>[] types = method.getParameterTypes();
            for (int i = 0; i < types.length; i++) {
                List<Object> values = types[i] == String.class ? List.of("\u0000", "a\r\nb", "\uD800")
                        : types[i] == LocalDate.class ? List.of(LocalDate.MIN, LocalDate.MAX)
                        : List.of();
                int index = i;
                if (!values.isEmpty()) {
                    tests.add(DynamicTest.dynamicTest(AccessMatrixSuite.name(method) + " #" + i, () -> {
                        for (Object value : values) {
                            Throwable thrown = call(method, index, value);
                            assertThat(thrown).as("%s with %s", AccessMatrixSuite.name(method), value).satisfiesAnyOf(
                                    t -> assertThat(t).isNull(),
                                    t -> assertThat(t).isInstanceOf(PortalException.class)
                                            .isNotInstanceOf(PortalStorageException.class));
                        }
                    }));
                }
            }
        }
        assertThat(tests).hasSizeGreaterThan(5);
        return tests.stream();
    }

    @Test
    @DisplayName("IN-2 a NUL in a department name is invalid_request on its path, not a storage failure")
    void nulInDepartmentName() {
        Throwable thrown = catchAny(() -> portal.scheduling().createDepartment(ALL_ROLES,
                new CreateDepartment("Cardio\u0000logy", ZoneId.of("Europe/Oslo"))));
        assertThat(thrown).isInstanceOf(InvalidRequestException.class);
        InvalidRequestException invalid = (InvalidRequestException) thrown;
        assertThat(invalid.code()).isEqualTo("invalid_request");
        assertThat(invalid.violations()).containsExactly(new Violation("name", TextRule.MESSAGE));
    }

    @Test
    @DisplayName("IN-2 LG-2 a map key reaches a violation's path escaped and cut: no CR or LF, at most 40 characters of it")
    void mapKeysAreEscapedInPaths() {
        String key = "\r\nERROR forged line " + "k".repeat(300);
        Throwable thrown = catchAny(() -> portal.notifications().updatePreferences(ALL_ROLES, patient,
                new UpdatePreferences(Map.of(key, Set.of(Channel.EMAIL)), null)));
        assertThat(thrown).isInstanceOf(InvalidRequestException.class);
        InvalidRequestException invalid = (InvalidRequestException) thrown;
        assertThat(invalid.getMessage()).doesNotContain("\r", "\n").hasSizeLessThan(200);
        assertThat(invalid.violations()).extracting(Violation::path)
                .allSatisfy(p -> assertThat(p).doesNotContain("\r", "\n", "k".repeat(41)).hasSizeLessThan(120))
                .contains("channelsByKind<K>[\\u000d\\u000aERROR forged line " + "k".repeat(20) + "\u2026]");
    }

    @Test
    @DisplayName("IN-2 the first and last accepted days reach every storage without a JDK exception or a storage failure, in the zones furthest from UTC")
    void boundaryDatesReachStorage() {
        List<String> problems = new ArrayList<>();
        for (String zone : List.of("Pacific/Kiritimati", "Etc/GMT+12")) {
            DepartmentView department = portal.scheduling().createDepartment(ALL_ROLES,
                    new CreateDepartment("Bounds " + zone, ZoneId.of(zone)));
            ProviderView provider = portal.scheduling().createProvider(ALL_ROLES, new CreateProvider("Dr Bound"));
            VisitTypeView type = portal.scheduling().createVisitType(ALL_ROLES, new CreateVisitType("Check-up " + zone,
                    Duration.ofMinutes(30), true, PatientEligibility.values()[0]));
            for (LocalDate[] range : List.of(new LocalDate[] {LocalDate.of(8999, 12, 30), LocalDate.of(8999, 12, 31)},
                    new LocalDate[] {LocalDate.of(1900, 1, 1), LocalDate.of(1900, 1, 2)})) {
                check(problems, zone + " findOpenSlots " + range[0], () -> portal.scheduling().findOpenSlots(me, patient,
                        new FindSlots(type.id(), provider.id(), department.id(), range[0], range[1]), PageRequest.first(10)));
                check(problems, zone + " requestAppointment " + range[0], () -> portal.scheduling().requestAppointment(me,
                        patient, new RequestAppointment(type.id(), provider.id(), department.id(), range[0], range[1])));
                check(problems, zone + " openSlot " + range[1], () -> portal.scheduling().openSlot(ALL_ROLES,
                        new OpenSlot(provider.id(), department.id(), range[1].atTime(23, 30), Duration.ofMinutes(30),
                                Set.of(type.id()))));
                check(problems, zone + " openSlot " + range[0], () -> portal.scheduling().openSlot(ALL_ROLES,
                        new OpenSlot(provider.id(), department.id(), range[0].atTime(0, 0), Duration.ofMinutes(30),
                                Set.of(type.id()))));
            }
        }
        assertThat(problems).isEmpty();
    }

    private static void check(List<String> problems, String call, Runnable body) {
        Throwable thrown = catchAny(body);
        if (thrown != null && (!(thrown instanceof PortalException) || thrown instanceof PortalStorageException)) {
            problems.add(call + ": " + thrown + (thrown.getCause() == null ? "" : " caused by " + thrown.getCause()));
        }
    }

    // ------------------------------------------------------------------ calling

    private Throwable call(CommandShapes.Leaf leaf, Object value) {
        Method method = leaf.method();
        Throwable thrown = invoke(method, CommandShapes.arguments(method, leaf, value, ALL_ROLES, patient));
        if (thrown instanceof AccessDeniedException) {
            thrown = invoke(method, CommandShapes.arguments(method, leaf, value, me, patient));
        }
        return thrown;
    }

    private Throwable call(Method method, int parameter, Object value) {
        Throwable thrown = invoke(method, with(CommandShapes.arguments(method, null, null, ALL_ROLES, patient), parameter, value));
        if (thrown instanceof AccessDeniedException) {
            thrown = invoke(method, with(CommandShapes.arguments(method, null, null, me, patient), parameter, value));
        }
        return thrown;
    }

    private static Object[] with(Object[] args, int index, Object value) {
        args[index] = value;
        return args;
    }

    private Throwable invoke(Method method, Object[] args) {
        return CommandShapes.invoke(portal, method, args);
    }

    private static Throwable catchAny(Runnable call) {
        try {
            call.run();
            return null;
        } catch (RuntimeException e) {
            return e;
        }
    }

    private static List<Object> extremes(Class<?> type) {
        if (type == LocalDate.class) {
            return List.of(LocalDate.MIN, LocalDate.MAX, LocalDate.of(1899, 12, 31), LocalDate.of(9000, 1, 1),
                    LocalDate.of(9999, 12, 31));
        } else if (type == LocalDateTime.class) {
            return List.of(LocalDateTime.MIN, LocalDateTime.MAX);
        } else if (type == Instant.class) {
            return List.of(Instant.MIN, Instant.MAX, Instant.EPOCH.minusSeconds(3_000_000_000L),
                    Instant.parse("9999-12-31T23:59:59Z"));
        } else if (type == Duration.class) {
            return List.of(Duration.ofSeconds(Long.MAX_VALUE, 999_999_999), Duration.ofSeconds(Long.MIN_VALUE),
                    Duration.ofDays(100_000));
        } else if (type == LocalTime.class) {
            return List.of(LocalTime.MIN, LocalTime.MAX);
        }
        throw new AssertionError("add the extremes of " + type);
    }

    private static String codePoints(String value) {
        return value.chars().mapToObj(c -> String.format("U+%04X", c)).toList().toString();
    }
}
