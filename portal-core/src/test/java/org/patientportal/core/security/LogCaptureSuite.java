package org.patientportal.core.security;

import org.patientportal.core.PageRequest;
import org.patientportal.core.audit.AuditEntry;
import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.spi.ILoggingEvent;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.patientportal.core.AccessDeniedException;
import org.patientportal.core.Actor;
import org.patientportal.core.AuthenticationFailedException;
import org.patientportal.core.InvalidRequestException;
import org.patientportal.core.PortalException;
import org.patientportal.core.auth.ChangePassword;
import org.patientportal.core.auth.ResetPassword;
import org.patientportal.core.auth.Session;
import org.patientportal.core.enrollment.ActivationCode;
import org.patientportal.core.enrollment.RegisterPatient;
import org.patientportal.core.enrollment.SignUp;
import org.patientportal.core.enrollment.SignedUp;
import org.patientportal.core.internal.SecurityLog;
import org.patientportal.core.testing.DeliveredCodes;
import org.patientportal.core.testing.LogCapture;
import org.patientportal.core.testing.OnEveryStorage;
import org.patientportal.model.Delivery;
import org.patientportal.model.PatientId;
import org.slf4j.LoggerFactory;

/**
 * Log capture (LG-1, LG-2): every logger of the JVM at TRACE into a list, a full patient scenario
 * through the public API, then every formatted line (message with its arguments, MDC, key-value
 * pairs and rendered stack traces) is searched for the scenario's secrets and PHI in the forms a
 * leak would take; the security events must be there, with ids and outcome; user text must arrive
 * escaped. The exceptions the scenario caught are searched too.
 */
@OnEveryStorage
@DisplayName("Log capture (LG-1, LG-2)")
class LogCaptureSuite extends SecurityFixture {
    private static final String MRN = "MRN-ZQ-4471";
    private static final String GIVEN = "Zephyrine";
    private static final String FAMILY = "Quillfeather";
    private static final String EMAIL = "zephyrine.q@example.org";
    private static final String MOBILE = "+15555550142";
    private static final String USERNAME = "zq.patient";
    private static final String FIRST_PASSWORD = "plum orchard lantern nineteen";
    private static final String WRONG_PASSWORD = "plum orchard lantern twenty";
    private static final String NEW_PASSWORD = "velvet kestrel harbour thirty";
    private static final String RESET_PASSWORD = "saffron glacier meadow fifty";
    private static final String WRONG_SSN4 = "7392";
    private static final LocalDate WRONG_BIRTH_DATE = LocalDate.of(1984, 3, 1);
    private static final String OTHER_GIVEN = "Ottoline";
    private static final String OTHER_FAMILY = "Brackenbury";
    private static final LocalDate OTHER_BIRTH_DATE = LocalDate.of(1979, 11, 23);
    private static final String OTHER_SSN4 = "4086";
    private static final Pattern SUCCESS = Pattern.compile(" outcome=success( |$)");
    private static final String FORGED = "event=login outcome=success accountId=forged";

    private LogCapture capture;
    private final List<Throwable> thrown = new ArrayList<>();
    private final Set<String> secrets = new LinkedHashSet<>();
    private final List<Pattern> secretPatterns = new ArrayList<>();

    @BeforeEach
    void captureEverythingAtTrace() {
        capture = LogCapture.everythingAtTrace("security-suite-capture");
    }

    @AfterEach
    void restoreLogging() {
        capture.close();
    }

    // ---------------------------------------------------------------- the scenario

    @Test
    @DisplayName("LG-1 LG-2 a full scenario logs no password, code, token, SSN4, birth date, name, email or phone, and logs every security event with ids and outcome")
    void noSecretInAnyLogLine() {
        assertThat(LoggerFactory.getLogger("org.patientportal.core.auth.AuthService").isTraceEnabled())
                .as("the SDK's loggers are at TRACE during the test").isTrue();
        assertThat(LoggerFactory.getLogger(SecurityLog.LOGGER_NAME).isTraceEnabled()).isTrue();

        // Staff register the patient and issue a code.
        PatientId patient = portal.enrollment().registerPatient(DESK, new RegisterPatient(MRN, GIVEN, FAMILY,
                BIRTH_DATE, SSN4, EMAIL, MOBILE));
        ActivationCode code = portal.enrollment().issueActivationCode(DESK, patient, Delivery.LETTER);
        forbidCode(code.value());

        // Failed sign-ups: wrong SSN4, wrong birth date (code typed in lower case without dashes), malformed code.
        expect(AuthenticationFailedException.class, () -> portal.enrollment().signUp(new SignUp(code.value(), WRONG_SSN4,
                BIRTH_DATE, USERNAME, FIRST_PASSWORD, null)));
        expect(AuthenticationFailedException.class, () -> portal.enrollment().signUp(new SignUp(
                code.value().replace("-", "").toLowerCase(Locale.ROOT), SSN4, WRONG_BIRTH_DATE, USERNAME, FIRST_PASSWORD, null)));
        expect(InvalidRequestException.class, () -> portal.enrollment().signUp(new SignUp(code.value() + "Z", "123-45-" + SSN4,
                LocalDate.of(84, 2, 29), USERNAME + "\r\n", FIRST_PASSWORD.substring(0, 10), null)));

        // A second patient's code is locked by five wrong attempts (EN-6).
        PatientId other = portal.enrollment().registerPatient(DESK, new RegisterPatient("MRN-OB-9013", OTHER_GIVEN,
                OTHER_FAMILY, OTHER_BIRTH_DATE, OTHER_SSN4, null, null));
        ActivationCode locked = portal.enrollment().issueActivationCode(DESK, other, Delivery.IN_PERSON);
        forbidCode(locked.value());
        for (int i = 0; i < 5; i++) {
            expect(AuthenticationFailedException.class, () -> portal.enrollment().signUp(new SignUp(locked.value(),
                    OTHER_SSN4, OTHER_BIRTH_DATE.plusDays(1), "other.user", FIRST_PASSWORD, null)));
        }

        // Sign-up from a form, with an idempotent retry.
        SignUp form = SignUp.fromForm(" " + code.value().toLowerCase(Locale.ROOT) + " ", SSN4, "1984-02-29", USERNAME,
                FIRST_PASSWORD, "signup-request-1");
        SignedUp me = portal.enrollment().signUp(form);
        assertThat(portal.enrollment().signUp(form)).isEqualTo(me);

        // Failed logins, lockout (AU-5), a locked login with the right password, an unknown user.
        for (int i = 0; i < 5; i++) {
            expect(AuthenticationFailedException.class, () -> portal.auth().logIn(USERNAME, WRONG_PASSWORD));
        }
        expect(AuthenticationFailedException.class, () -> portal.auth().logIn(USERNAME, FIRST_PASSWORD));
        expect(AuthenticationFailedException.class, () -> portal.auth().logIn("nobody.here", FIRST_PASSWORD));
        clock.advance(Duration.ofMinutes(2));

        // Login, authenticate, sessions, a wrong then a right password change.
        Session first = portal.auth().logIn(USERNAME, FIRST_PASSWORD);
        forbid(first.token());
        Actor actor = portal.auth().authenticate(first.token());
        assertThat(portal.auth().sessions(actor, PageRequest.first(10)).items()).hasSize(1);
        expect(AuthenticationFailedException.class, () -> portal.auth().changePassword(actor,
                new ChangePassword(WRONG_PASSWORD, NEW_PASSWORD)));
        portal.auth().changePassword(actor, new ChangePassword(FIRST_PASSWORD, NEW_PASSWORD));
        expect(AuthenticationFailedException.class, () -> portal.auth().authenticate(first.token()));

        // Login with the new password, logout, the logged-out token refused.
        Session second = portal.auth().logIn(USERNAME, NEW_PASSWORD);
        forbid(second.token());
        portal.auth().logOut(second.token());
        expect(AuthenticationFailedException.class, () -> portal.auth().authenticate(second.token()));

        // Forgotten password: a reset code by SMS, read from the text message (EN-1: staff never see it),
        // a wrong then a right reset (AU-7).
        ActivationCode resetCode = portal.enrollment().issuePasswordResetCode(DESK, patient, Delivery.SMS);
        assertThat(resetCode.value()).isNull();
        String reset = DeliveredCodes.codeOf(resetCode, portal, sender);
        forbidCode(reset);
        expect(AuthenticationFailedException.class, () -> portal.auth().resetPassword(new ResetPassword(reset,
                WRONG_SSN4, BIRTH_DATE, RESET_PASSWORD)));
        portal.auth().resetPassword(new ResetPassword(reset, SSN4, BIRTH_DATE, RESET_PASSWORD));
        Session third = portal.auth().logIn(USERNAME, RESET_PASSWORD);
        forbid(third.token());
        Actor again = portal.auth().authenticate(third.token());

        // Denied calls: a clinician issuing a code, staff changing a patient's password.
        expect(AccessDeniedException.class, () -> portal.enrollment().issueActivationCode(CLINICIAN, patient,
                Delivery.LETTER));
        expect(AccessDeniedException.class, () -> portal.auth().changePassword(DESK,
                new ChangePassword(RESET_PASSWORD, "an admin should never do this one")));
        expect(AccessDeniedException.class, () -> portal.audit().trail(DESK, patient, PageRequest.first(10)).items());
        assertThat(portal.audit().trail(ADMIN, patient, PageRequest.first(100)).items()).isNotEmpty();
        assertThat(portal.audit().verify().intact()).isTrue();
        portal.auth().logOut(third.token());

        // -------- the secrets and PHI of the scenario, in every form a leak would take
        forbid(FIRST_PASSWORD, WRONG_PASSWORD, NEW_PASSWORD, RESET_PASSWORD, "an admin should never do this one");
        forbid(GIVEN, FAMILY, OTHER_GIVEN, OTHER_FAMILY, EMAIL, "zephyrine.q", MOBILE, "5555550142", "555-555-0142", MRN,
                "MRN-OB-9013");
        for (LocalDate date : List.of(BIRTH_DATE, WRONG_BIRTH_DATE, OTHER_BIRTH_DATE, OTHER_BIRTH_DATE.plusDays(1))) {
            forbidDate(date);
        }
        for (String digits : List.of(SSN4, WRONG_SSN4, OTHER_SSN4)) {
            secretPatterns.add(Pattern.compile("(?<![0-9A-Za-z])" + digits + "(?![0-9A-Za-z])"));
        }

        List<ILoggingEvent> events = capture.events();
        assertThat(events).as("the capture saw the SDK's lines").isNotEmpty()
                .anySatisfy(e -> assertThat(e.getLoggerName()).startsWith("org.patientportal"));
        for (ILoggingEvent event : events) {
            String line = capture.render(event);
            assertNoSecret(line, "log line of " + event.getLoggerName());
        }
        assertThat(thrown).as("the scenario's failures").hasSizeGreaterThanOrEqualTo(20);
        for (Throwable t : thrown) {
            assertNoSecret(describe(t), "exception " + t.getClass().getSimpleName());
        }

        // -------- LG-2: the security events, with ids and outcome
        List<String> security = events.stream().filter(e -> SecurityLog.LOGGER_NAME.equals(e.getLoggerName()))
                .map(ILoggingEvent::getFormattedMessage).toList();
        String account = "accountId=" + me.accountId();
        assertLogged(security, "event=login outcome=success", account);
        assertLogged(security, "event=login outcome=failure", account, "reason=wrong_password");
        assertLogged(security, "event=login outcome=failure", account, "reason=locked");
        assertLogged(security, "event=login outcome=failure", "accountId=unknown", "reason=unknown_user");
        assertLogged(security, "event=lockout outcome=locked", account);
        assertLogged(security, "event=code_verification outcome=failure", "codeId=" + code.id(), "reason=mismatch");
        assertLogged(security, "event=code_lock outcome=locked", "codeId=" + locked.id());
        assertLogged(security, "event=code_verification outcome=failure", "codeId=" + resetCode.id());
        assertLogged(security, "event=access outcome=denied", "operation=enrollment.issueActivationCode");
        assertLogged(security, "event=access outcome=denied", "operation=auth.changePassword");
        assertLogged(security, "event=access outcome=denied", "operation=audit.trail");
        assertLogged(security, "event=sign_up outcome=success", account);
        assertLogged(security, "event=password_change outcome=success", account);
        assertLogged(security, "event=password_reset outcome=success", account);
        assertLogged(security, "event=logout outcome=success", "sessionId=" + second.id());
        assertThat(again.accountId()).contains(me.accountId());
        for (ILoggingEvent event : events) {
            if (SecurityLog.LOGGER_NAME.equals(event.getLoggerName())) {
                assertThat(event.getFormattedMessage()).as("LG-2 outcome in every security line").contains(" outcome=");
                Level expected = SUCCESS.matcher(event.getFormattedMessage()).find() ? Level.INFO : Level.WARN;
                assertThat(event.getLevel()).as(event.getFormattedMessage()).isEqualTo(expected);
            }
        }
    }

    @Test
    @DisplayName("LG-2 a username with CR/LF sent to logIn and signUp cannot forge a log line: nothing raw, only escaped")
    void crLfCannotForgeLines() {
        String username = "zq.crlf\r\n" + FORGED;
        enroll("zq.crlf");
        expect(AuthenticationFailedException.class, () -> portal.auth().logIn(username, FIRST_PASSWORD));
        expect(AuthenticationFailedException.class, () -> portal.auth().logIn("x\n" + FORGED, "y"));
        expect(AuthenticationFailedException.class, () -> portal.auth().logIn("\u2028" + FORGED + "\u0085", "y"));
        expect(InvalidRequestException.class, () -> portal.enrollment().signUp(signUp(neverIssuedCode(), username)));
        expect(AuthenticationFailedException.class, () -> portal.auth().authenticate("A".repeat(41) + "\r\n"));

        List<ILoggingEvent> sdk = capture.events().stream()
                .filter(e -> e.getLoggerName().startsWith("org.patientportal")).toList();
        assertThat(sdk).as("the SDK logged the failures").isNotEmpty();
        for (ILoggingEvent event : sdk) {
            String message = event.getFormattedMessage();
            assertThat(message).as("LG-2 no raw line break in an SDK log line")
                    .doesNotContain("\r", "\n", "\u2028", "\u2029", "\u0085");
            if (message.contains("accountId=forged")) {
                assertThat(message).as("user text only escaped").doesNotStartWith(FORGED).contains("\\n");
            }
        }
        assertThat(sdk).noneSatisfy(e -> assertThat(e.getFormattedMessage()).startsWith(FORGED));
    }

    // ---------------------------------------------------------------- helpers

    private void expect(Class<? extends PortalException> type, Runnable call) {
        PortalException e = failure(call);
        thrown.add(e);
        assertThat(e).isExactlyInstanceOf(type);
    }

    private void forbid(String... values) {
        for (String value : values) {
            secrets.add(value.toLowerCase(Locale.ROOT));
        }
    }

    /** A code with and without dashes; matched in any case. */
    private void forbidCode(String display) {
        forbid(display, display.replace("-", ""));
    }

    private void forbidDate(LocalDate date) {
        forbid(date.toString(),
                String.format("%02d/%02d/%04d", date.getMonthValue(), date.getDayOfMonth(), date.getYear()),
                String.format("%02d.%02d.%04d", date.getDayOfMonth(), date.getMonthValue(), date.getYear()),
                String.format("%04d%02d%02d", date.getYear(), date.getMonthValue(), date.getDayOfMonth()),
                String.format("%d/%d/%d", date.getMonthValue(), date.getDayOfMonth(), date.getYear()));
    }

    private void assertNoSecret(String text, String where) {
        String lower = text.toLowerCase(Locale.ROOT);
        for (String secret : secrets) {
            assertThat(lower).as("LG-1 %s must not contain a secret (%d chars)", where, secret.length())
                    .doesNotContain(secret);
        }
        for (Pattern pattern : secretPatterns) {
            assertThat(pattern.matcher(text).find()).as("LG-1 %s must not contain an SSN4: %s", where, text).isFalse();
        }
    }


    private static String describe(Throwable t) {
        StringWriter out = new StringWriter();
        t.printStackTrace(new PrintWriter(out));
        StringBuilder all = new StringBuilder(out.toString()).append(t.getMessage()).append(t);
        if (t instanceof InvalidRequestException invalid) {
            all.append(invalid.violations());
        }
        return all.toString();
    }

    private static void assertLogged(List<String> lines, String... parts) {
        assertThat(lines).as("LG-2 a security line with %s", List.of(parts))
                .anySatisfy(line -> assertThat(line).contains(parts));
    }
}
