package org.patientportal.core.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.patientportal.core.Actor;
import org.patientportal.core.AuthenticationFailedException;
import org.patientportal.core.InvalidRequestException;
import org.patientportal.core.PortalException;
import org.patientportal.core.PortalStorageException;
import org.patientportal.core.auth.ChangePassword;
import org.patientportal.core.auth.ResetPassword;
import org.patientportal.core.auth.Session;
import org.patientportal.core.enrollment.ActivationCode;
import org.patientportal.core.enrollment.RegisterPatient;
import org.patientportal.core.enrollment.SignUp;
import org.patientportal.core.enrollment.SignedUp;
import org.patientportal.core.testing.OnEveryStorage;
import org.patientportal.model.AuditEvent;
import org.patientportal.model.AuditEventId;
import org.patientportal.model.AuditOutcome;
import org.patientportal.model.CodeStatus;
import org.patientportal.model.Delivery;
import org.patientportal.model.PatientId;

/**
 * Bad input (IN-2): every malformed command is refused with an {@link InvalidRequestException}
 * that names every field at fault at once, before any data is read or written, and leaves
 * nothing behind: the code is neither consumed nor counted, no account or patient appears, and a
 * correct command afterwards still works.
 */
@OnEveryStorage
@DisplayName("Bad input (IN-2)")
class BadInputSuite extends SecurityFixture {
    static final String MEGABYTE = "x".repeat(1 << 20);
    private static final Set<String> VALIDATION_STORES = Set.of("auditTrail", "patients");

    /** A sign-up command made from the issued code's value. */
    @FunctionalInterface
    interface BadSignUp extends Function<String, SignUp> {
    }

    private static Arguments bad(String name, BadSignUp command, String... paths) {
        return Arguments.of(name, command, List.of(paths));
    }

    private static SignUp withCode(String code) {
        return new SignUp(code, SSN4, BIRTH_DATE, "bad.input.user", PASSWORD, null);
    }

    private static SignUp withSsn4(String code, String ssn4) {
        return new SignUp(code, ssn4, BIRTH_DATE, "bad.input.user", PASSWORD, null);
    }

    private static SignUp withUsername(String code, String username) {
        return new SignUp(code, SSN4, BIRTH_DATE, username, PASSWORD, null);
    }

    private static SignUp withPassword(String code, String password) {
        return new SignUp(code, SSN4, BIRTH_DATE, "bad.input.user", password, null);
    }

    static Stream<Arguments> badSignUps() {
        return Stream.of(
                bad("null command", c -> null, "command"),
                bad("every field null", c -> new SignUp(null, null, null, null, null, null),
                        "activationCode", "birthDate", "password", "ssnLast4", "username"),
                bad("every field empty", c -> new SignUp("", "", BIRTH_DATE, "", "", ""),
                        "activationCode", "idempotencyKey", "password", "ssnLast4", "username"),
                bad("1 MB in every text field", c -> new SignUp(MEGABYTE, MEGABYTE, BIRTH_DATE, MEGABYTE, MEGABYTE, MEGABYTE),
                        "activationCode", "idempotencyKey", "password", "ssnLast4", "username"),
                bad("every field wrong at once", c -> new SignUp(c.replace('-', 'I'), "123", LocalDate.of(84, 2, 29),
                        "jd\r\noe", "short", "k".repeat(256)),
                        "activationCode", "birthDate", "idempotencyKey", "password", "ssnLast4", "username"),
                // codes: control characters, wrong length, wrong alphabet, look-alikes
                bad("code with NUL", c -> withCode(c.substring(0, 8) + "\u0000" + c.substring(9)), "activationCode"),
                bad("code with CR LF inside", c -> withCode(c.substring(0, 6) + "\r\n" + c.substring(6)), "activationCode"),
                bad("code with a right-to-left override", c -> withCode("\u202E" + c), "activationCode"),
                bad("code of 14 characters", c -> withCode(c.replace("-", "").substring(1)), "activationCode"),
                bad("code of 16 characters", c -> withCode(c.replace("-", "") + "0"), "activationCode"),
                bad("code with I", c -> withCode("I" + c.substring(1)), "activationCode"),
                bad("code with L", c -> withCode("L" + c.substring(1)), "activationCode"),
                bad("code with O", c -> withCode("O" + c.substring(1)), "activationCode"),
                bad("code with U", c -> withCode("u" + c.substring(1)), "activationCode"),
                bad("code with underscores for dashes", c -> withCode(c.replace('-', '_')), "activationCode"),
                bad("code in fullwidth letters", c -> withCode(toFullwidth(c)), "activationCode"),
                bad("code with a dotless i", c -> withCode("\u0131" + c.substring(1)), "activationCode"),
                // SSN4: never anything but exactly 4 ASCII digits (EN-7: the full SSN is never accepted)
                bad("SSN4 of 3 digits", c -> withSsn4(c, "739"), "ssnLast4"),
                bad("SSN4 of 5 digits", c -> withSsn4(c, "73912"), "ssnLast4"),
                bad("a full 9-digit SSN", c -> withSsn4(c, "123457391"), "ssnLast4"),
                bad("a full SSN with dashes", c -> withSsn4(c, "123-45-7391"), "ssnLast4"),
                bad("SSN4 in fullwidth digits", c -> withSsn4(c, "\uFF17\uFF13\uFF19\uFF11"), "ssnLast4"),
                bad("SSN4 in Arabic-Indic digits", c -> withSsn4(c, "\u0667\u0663\u0669\u0661"), "ssnLast4"),
                bad("SSN4 with a newline", c -> withSsn4(c, "7391\n"), "ssnLast4"),
                // birth dates
                bad("a 2-digit year (LocalDate.of(84, 2, 29))", c -> new SignUp(c, SSN4, LocalDate.of(84, 2, 29),
                        "bad.input.user", PASSWORD, null), "birthDate"),
                bad("a birth date in the future", c -> new SignUp(c, SSN4, LocalDate.of(2030, 1, 1),
                        "bad.input.user", PASSWORD, null), "birthDate"),
                // usernames (AU-1)
                bad("username with NUL", c -> withUsername(c, "jd\u0000oe"), "username"),
                bad("username with CR LF", c -> withUsername(c, "jdoe\r\nevent=login outcome=success"), "username"),
                bad("username with a right-to-left override", c -> withUsername(c, "\u202Ejdoe"), "username"),
                bad("username of 2 characters", c -> withUsername(c, "jd"), "username"),
                bad("username of 65 characters", c -> withUsername(c, "j".repeat(65)), "username"),
                bad("username of 1 MB", c -> withUsername(c, MEGABYTE), "username"),
                // passwords (AU-2)
                bad("password of 14 characters", c -> withPassword(c, "fourteen chars"), "password"),
                bad("password of 257 characters", c -> withPassword(c, "p".repeat(257)), "password"),
                bad("password of 1 MB", c -> withPassword(c, MEGABYTE), "password"),
                bad("a common password", c -> withPassword(c, "1qaz2wsx3edc4rfv"), "password"),
                bad("password containing the username", c -> withPassword(c, "my name is BAD.INPUT.USER ok"), "password"),
                // idempotency key (IN-1)
                bad("idempotency key of 256 characters", c -> new SignUp(c, SSN4, BIRTH_DATE, "bad.input.user",
                        PASSWORD, "k".repeat(256)), "idempotencyKey"));
    }

    private static String toFullwidth(String text) {
        StringBuilder out = new StringBuilder();
        text.chars().forEach(ch -> out.append(ch >= '!' && ch <= '~' ? (char) (ch - '!' + '\uFF01') : (char) ch));
        return out.toString();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badSignUps")
    @DisplayName("IN-2 a malformed sign-up names every field at fault and changes nothing")
    void badSignUp(String name, BadSignUp bad, List<String> paths) {
        PatientId patient = register();
        ActivationCode code = issue(patient);
        SignUp command = bad.apply(code.value());
        long successesBefore = successes();
        storage.reset();

        InvalidRequestException e = invalid(() -> portal.enrollment().signUp(command));

        assertThat(pathsOf(e)).as("IN-2 every field at fault, at once: " + name).containsExactlyElementsOf(paths);
        assertThat(e.getMessage()).startsWith("invalid request: ");
        assertNothingUsedNorStored(patient, code, successesBefore);
    }

    /** The second look: only the audit trail was written, and the code still works. */
    private void assertNothingUsedNorStored(PatientId patient, ActivationCode code, long successesBefore) {
        assertThat(storage.touched()).as("IN-2 stores touched by a refused command")
                .isSubsetOf(VALIDATION_STORES);
        assertThat(successes()).as("no success audited").isEqualTo(successesBefore);
        assertThat(accountOf(patient)).isEmpty();
        assertThat(stored(code.id()).status()).isEqualTo(CodeStatus.ACTIVE);
        assertThat(stored(code.id()).failedAttempts()).as("EN-6 counter untouched").isZero();
        SignedUp later = portal.enrollment().signUp(signUp(code.value(), unique("later")));
        assertThat(later.patientId()).isEqualTo(patient);
    }

    private long successes() {
        return allEvents().stream().filter(e -> e.outcome() == AuditOutcome.SUCCESS).count();
    }

    /** The distinct field paths of the violations, sorted. */
    static List<String> pathsOf(InvalidRequestException e) {
        return List.copyOf(new TreeSet<>(e.violations().stream().map(InvalidRequestException.Violation::path).toList()));
    }

    static InvalidRequestException invalid(Runnable call) {
        PortalException e = failure(call);
        assertThat(e).isExactlyInstanceOf(InvalidRequestException.class);
        assertThat(e.code()).isEqualTo("invalid_request");
        return (InvalidRequestException) e;
    }

    @Test
    @DisplayName("IN-2 the violations name the fields, never the values")
    void violationsNeverQuoteValues() {
        PatientId patient = register();
        ActivationCode code = issue(patient);
        String secretCode = code.value().replace('-', 'I');
        InvalidRequestException e = invalid(() -> portal.enrollment().signUp(new SignUp(secretCode, "123457391",
                LocalDate.of(84, 2, 29), "jd\r\noe", "short pw", null)));

        String everything = e.getMessage() + e.violations();
        for (String value : List.of(secretCode, "123457391", "0084", "jd\r\noe", "short pw")) {
            assertThat(everything).as("value %s", value).doesNotContain(value);
        }
    }

    @ParameterizedTest(name = "\"{0}\"")
    @ValueSource(strings = {"84-02-29", "1984-02-30", "1985-02-29", "1984-2-29", "02/29/1984", "19840229",
            "29.02.1984", "1984-02-29\n", " 1984-02-29", "1984-02-29T00:00", "+1984-02-29", "\uFF11\uFF19\uFF18\uFF14-02-29",
            "", "1984-02-29\u0000", "\u202E1984-02-29"})
    @DisplayName("IN-2 SignUp.fromForm refuses every birth date text that is not a real yyyy-MM-dd date (path birthDate)")
    void badBirthDateText(String text) {
        InvalidRequestException e = invalid(() -> SignUp.fromForm("c", SSN4, text, "u", "p", null));
        assertThat(e.violations()).extracting(InvalidRequestException.Violation::path).containsExactly("birthDate");
        assertThat(e.getMessage()).doesNotContain(text.isEmpty() ? "\u0001" : text);
    }

    @Test
    @DisplayName("IN-2 SignUp.fromForm refuses null and 1 MB birth date text, and a form with a good date signs up")
    void birthDateTextEdges() {
        invalid(() -> SignUp.fromForm("c", SSN4, null, "u", "p", null));
        invalid(() -> SignUp.fromForm("c", SSN4, "1" + MEGABYTE, "u", "p", null));

        PatientId patient = register();
        ActivationCode code = issue(patient);
        SignedUp signedUp = portal.enrollment().signUp(SignUp.fromForm("  " + code.value().toLowerCase(Locale.ROOT)
                + " ", SSN4, "1984-02-29", unique("form"), PASSWORD, null));
        assertThat(signedUp.patientId()).isEqualTo(patient);
    }

    // ---------------------------------------------------------------- registerPatient

    static Stream<Arguments> badRegistrations() {
        return Stream.of(
                Arguments.of("null command", null, List.of("command")),
                Arguments.of("every field null", new RegisterPatient(null, null, null, null, null, null, null),
                        List.of("birthDate", "familyName", "givenName", "mrn", "ssnLast4")),
                Arguments.of("every field empty", new RegisterPatient("", "", "", BIRTH_DATE, "", "", ""),
                        List.of("familyName", "givenName", "mobile", "mrn", "ssnLast4")),
                Arguments.of("1 MB in every text field", new RegisterPatient(MEGABYTE, MEGABYTE, MEGABYTE, BIRTH_DATE,
                        MEGABYTE, MEGABYTE + "@example.org", MEGABYTE),
                        List.of("email", "familyName", "givenName", "mobile", "mrn", "ssnLast4")),
                Arguments.of("control characters in names and email", new RegisterPatient("MRN-CTL",
                        "Da\u0000na", "Riv\r\ners", BIRTH_DATE, SSN4, "dana\r\n@example.org", null),
                        List.of("email", "familyName", "givenName")),
                Arguments.of("a right-to-left override in a name", new RegisterPatient("MRN-RTL", "\u202EDana",
                        "Rivers", BIRTH_DATE, SSN4, null, null), List.of("givenName")),
                Arguments.of("a 2-digit year", new RegisterPatient("MRN-84", "Dana", "Rivers", LocalDate.of(84, 2, 29),
                        SSN4, null, null), List.of("birthDate")),
                Arguments.of("a full SSN", new RegisterPatient("MRN-SSN", "Dana", "Rivers", BIRTH_DATE, "123-45-7391",
                        null, null), List.of("ssnLast4")),
                Arguments.of("an MRN with a newline", new RegisterPatient("MRN-1\nMRN-2", "Dana", "Rivers", BIRTH_DATE,
                        SSN4, null, null), List.of("mrn")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badRegistrations")
    @DisplayName("IN-2 a malformed registration names every field at fault and stores no patient")
    void badRegistration(String name, RegisterPatient command, List<String> paths) {
        int before = patients().size();
        storage.reset();

        InvalidRequestException e = invalid(() -> portal.enrollment().registerPatient(DESK, command));

        assertThat(pathsOf(e)).as("IN-2 every field at fault, at once: " + name).containsExactlyElementsOf(paths);
        assertThat(storage.touched()).isSubsetOf(VALIDATION_STORES);
        assertThat(patients()).hasSize(before);
    }

    // ---------------------------------------------------------------- auth

    @Test
    @DisplayName("IN-2 logIn refuses missing and huge fields by name, and changes no failure count")
    void badLogins() {
        String name = unique("bad.login");
        SignedUp account = enroll(name);
        assertThat(invalid(() -> portal.auth().logIn(null, null)).violations())
                .extracting(InvalidRequestException.Violation::path).containsExactly("password", "username");
        assertThat(invalid(() -> portal.auth().logIn(MEGABYTE, PASSWORD)).violations())
                .extracting(InvalidRequestException.Violation::path).containsExactly("username");
        assertThat(invalid(() -> portal.auth().logIn(name, MEGABYTE)).violations())
                .extracting(InvalidRequestException.Violation::path).containsExactly("password");
        assertThat(storage.inTransaction(tx -> tx.accounts().find(account.accountId())).orElseThrow()
                .failedLoginCount()).isZero();
        assertThat(portal.auth().logIn(name, PASSWORD).token()).hasSize(43);
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"%s\u0000", "%s\u0000.x", "%s\r\nevent=login outcome=success",
            "\u202E%s", "%s\uD800", "\uDFFF%s"})
    @DisplayName("IN-2 AU-4 a login username with NUL, CR LF, bidi controls or broken surrogates is answered, never a storage failure")
    void controlCharactersInLoginUsername(String pattern) {
        String name = unique("bad.login");
        enroll(name);
        String username = String.format(pattern, name);
        PortalException e = failure(() -> portal.auth().logIn(username, PASSWORD));

        assertThat(e).as("answered as an unknown user or an invalid request, never a storage failure")
                .isNotInstanceOf(PortalStorageException.class)
                .isInstanceOfAny(AuthenticationFailedException.class, InvalidRequestException.class);
    }

    @Test
    @DisplayName("IN-2 authenticate and logOut refuse null by name and answer every malformed token like an unknown one")
    void badTokens() {
        assertThat(invalid(() -> portal.auth().authenticate(null)).violations())
                .extracting(InvalidRequestException.Violation::path).containsExactly("token");
        invalid(() -> portal.auth().logOut(null));
        for (String token : List.of("", MEGABYTE, "\u0000".repeat(43), "A".repeat(42) + "\n", "\u202E" + "A".repeat(42),
                "A".repeat(42) + "=", "+".repeat(43))) {
            assertThat(failure(() -> portal.auth().authenticate(token))).as("token of length %d", token.length())
                    .isExactlyInstanceOf(AuthenticationFailedException.class);
            portal.auth().logOut(token); // idempotent, silent
        }
    }

    @Test
    @DisplayName("IN-2 changePassword names the bad fields and keeps the old password and the session")
    void badPasswordChange() {
        enroll("bad.change");
        Session session = portal.auth().logIn("bad.change", PASSWORD);
        Actor me = portal.auth().authenticate(session.token());

        assertThat(invalid(() -> portal.auth().changePassword(me, null)).violations())
                .extracting(InvalidRequestException.Violation::path).contains("command");
        assertThat(invalid(() -> portal.auth().changePassword(me, new ChangePassword(null, null))).violations())
                .extracting(InvalidRequestException.Violation::path).contains("currentPassword", "newPassword");
        assertThat(invalid(() -> portal.auth().changePassword(me, new ChangePassword(MEGABYTE, MEGABYTE))).violations())
                .extracting(InvalidRequestException.Violation::path).contains("currentPassword", "newPassword");
        assertThat(invalid(() -> portal.auth().changePassword(me, new ChangePassword(PASSWORD, "short"))).violations())
                .extracting(InvalidRequestException.Violation::path).containsOnly("newPassword");

        assertThat(portal.auth().authenticate(session.token())).isEqualTo(me);
        assertThat(portal.auth().logIn("bad.change", PASSWORD).token()).hasSize(43);
    }

    @Test
    @DisplayName("IN-2 resetPassword names every bad field at once and leaves the reset code usable")
    void badReset() {
        SignedUp account = enroll("bad.reset");
        ActivationCode reset = portal.enrollment().issuePasswordResetCode(DESK, account.patientId(), Delivery.IN_PERSON);

        assertThat(invalid(() -> portal.auth().resetPassword(null)).violations())
                .extracting(InvalidRequestException.Violation::path).containsExactly("command");
        assertThat(invalid(() -> portal.auth().resetPassword(new ResetPassword(null, null, null, null))).violations())
                .extracting(InvalidRequestException.Violation::path)
                .containsExactlyInAnyOrder("birthDate", "code", "newPassword", "ssnLast4");
        assertThat(invalid(() -> portal.auth().resetPassword(new ResetPassword(MEGABYTE, "123457391", BIRTH_DATE,
                MEGABYTE))).violations()).extracting(InvalidRequestException.Violation::path)
                .contains("code", "newPassword", "ssnLast4");
        assertThat(invalid(() -> portal.auth().resetPassword(new ResetPassword(reset.value() + "\u0000", SSN4,
                BIRTH_DATE, "a new passphrase for the reset"))).violations())
                .extracting(InvalidRequestException.Violation::path).containsExactly("code");

        assertThat(stored(reset.id()).failedAttempts()).isZero();
        assertThat(stored(reset.id()).status()).isEqualTo(CodeStatus.ACTIVE);
        portal.auth().resetPassword(new ResetPassword(reset.value(), SSN4, BIRTH_DATE, "a new passphrase for the reset"));
        assertThat(portal.auth().logIn("bad.reset", "a new passphrase for the reset").token()).hasSize(43);
    }

    @Test
    @DisplayName("IN-2 IN-1 an idempotency key with NUL or CR LF never reaches the storage as a storage failure")
    void controlCharactersInIdempotencyKey() {
        for (String key : List.of("key\u0000one", "key\r\ntwo", "key\uD800three")) {
            PatientId patient = register();
            ActivationCode code = issue(patient);
            try {
                SignedUp signedUp = portal.enrollment().signUp(new SignUp(code.value(), SSN4, BIRTH_DATE,
                        unique("idem"), PASSWORD, key));
                assertThat(signedUp.patientId()).isEqualTo(patient);
            } catch (PortalException e) {
                assertThat(e).as("key %s", key.codePoints().boxed().toList())
                        .isNotInstanceOf(PortalStorageException.class)
                        .isExactlyInstanceOf(InvalidRequestException.class);
                assertThat(((InvalidRequestException) e).violations())
                        .extracting(InvalidRequestException.Violation::path).containsExactly("idempotencyKey");
                assertThat(stored(code.id()).status()).isEqualTo(CodeStatus.ACTIVE);
            }
        }
    }

    @Test
    @org.junit.jupiter.api.Timeout(120) // a guard against a hang (regex or normalisation blow-up), not a timing assertion
    @DisplayName("IN-2 1 MB inputs are refused as invalid, nothing stored")
    void hugeInputsAreRefused() {
        PatientId patient = register();
        ActivationCode code = issue(patient);
        invalid(() -> portal.enrollment().signUp(new SignUp(MEGABYTE, MEGABYTE, BIRTH_DATE, MEGABYTE, MEGABYTE, MEGABYTE)));
        invalid(() -> portal.enrollment().registerPatient(DESK, new RegisterPatient(MEGABYTE, MEGABYTE, MEGABYTE,
                BIRTH_DATE, MEGABYTE, "a@" + MEGABYTE, MEGABYTE)));
        invalid(() -> portal.auth().logIn(MEGABYTE, MEGABYTE));
        assertThat(stored(code.id()).status()).isEqualTo(CodeStatus.ACTIVE);
    }

    @Test
    @DisplayName("IN-2 a refused command is audited once as FAILED, with no value in the event")
    void refusalIsAuditedWithoutValues() {
        Set<AuditEventId> before = allEvents().stream().map(AuditEvent::id).collect(Collectors.toSet());
        invalid(() -> portal.enrollment().signUp(new SignUp("ABCDE-FGHJK-MNPQI", "123457391", BIRTH_DATE,
                "jd\r\noe", "short", null)));
        List<AuditEvent> added = allEvents().stream().filter(e -> !before.contains(e.id())).toList();
        assertThat(added).hasSize(1);
        AuditEvent event = added.get(0);
        assertThat(event.outcome()).isEqualTo(AuditOutcome.FAILED);
        assertThat(String.valueOf(event)).doesNotContain("ABCDE", "123457391", "jd\r\noe", "short");
    }
}
