package org.patientportal.core.enrollment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.patientportal.core.AuthenticationFailedException;
import org.patientportal.core.InvalidRequestException;
import org.patientportal.core.Portal;
import org.patientportal.core.PortalException;
import org.patientportal.core.RuleViolationException;
import org.patientportal.core.auth.ResetPassword;
import org.patientportal.core.internal.CodeFormat;
import org.patientportal.core.internal.CodeVerifier;
import org.patientportal.core.internal.Keys;
import org.patientportal.core.testing.DeliveredCodes;
import org.patientportal.core.testing.OnEveryStorage;
import org.patientportal.core.testing.TestPortals;
import org.patientportal.model.Account;
import org.patientportal.model.ActivationCodeId;
import org.patientportal.model.ActivationCodeRecord;
import org.patientportal.model.AuditEvent;
import org.patientportal.model.AuditOutcome;
import org.patientportal.model.CodePurpose;
import org.patientportal.model.CodeStatus;
import org.patientportal.model.Delivery;
import org.patientportal.model.Patient;
import org.patientportal.model.PatientId;
import org.patientportal.spi.notification.Notification;

/** The enrollment rules EN-1..EN-8, run on every adapter by the subclasses. */
@OnEveryStorage
@DisplayName("Enrollment rules (EN)")
class EnrollmentRulesTest extends EnrollmentFixture {

    // ---------------------------------------------------------------- EN-1

    @Test
    @DisplayName("EN-1 issuing a new code revokes the previous unused one, which then fails like any wrong code")
    void newCodeRevokesPrevious() {
        PatientId patient = register();
        ActivationCode first = issue(patient, Delivery.LETTER);
        ActivationCode second = issue(patient, Delivery.IN_PERSON);

        assertThat(stored(first.id()).status()).isEqualTo(CodeStatus.REVOKED);
        assertThat(stored(first.id()).closedAt()).isEqualTo(clock.instant());
        assertThat(stored(second.id()).status()).isEqualTo(CodeStatus.ACTIVE);
        assertThatThrownBy(() -> enrollment().signUp(signUp(first)))
                .isExactlyInstanceOf(AuthenticationFailedException.class);
        assertThat(enrollment().signUp(signUp(second)).patientId()).isEqualTo(patient);
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(Delivery.class)
    @DisplayName("EN-1 the delivery channel and the issuing staff member are recorded")
    void deliveryIsRecorded(Delivery delivery) {
        PatientId patient = register();
        ActivationCode code = issue(patient, delivery);

        ActivationCodeRecord record = stored(code.id());
        assertThat(record.delivery()).isEqualTo(delivery);
        assertThat(code.delivery()).isEqualTo(delivery);
        assertThat(record.issuedBy()).isEqualTo("desk-1");
        assertThat(record.purpose()).isEqualTo(CodePurpose.SIGN_UP);
        assertThat(record.patientId()).isEqualTo(patient);
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(value = Delivery.class, names = {"EMAIL", "SMS"})
    @DisplayName("EN-1 an email or SMS code goes only to the contact on file: the staff caller gets no value, the delivered code works")
    void sentCodeIsNotReturnedToStaff(Delivery delivery) {
        PatientId patient = register();
        ActivationCode code = issue(patient, delivery);
        assertThat(code.value()).isNull();
        assertThat(code.delivery()).isEqualTo(delivery);
        assertThat(code.toString()).contains("value=null");

        portal.notifications().dispatchDue();
        Notification sent = sender.delivered().get(sender.delivered().size() - 1);
        assertThat(sent.address()).isEqualTo(delivery == Delivery.EMAIL ? "dana@example.org" : "+15555550123");
        String delivered = DeliveredCodes.codeIn(sent);
        assertThat(code.toString()).doesNotContain(delivered).doesNotContain(delivered.replace("-", ""));
        String username = unique("user");
        assertThat(enrollment().signUp(signUp(delivered, username)).patientId()).isEqualTo(patient);

        ActivationCode reset = enrollment().issuePasswordResetCode(DESK, patient, delivery);
        assertThat(reset.value()).isNull();
        String newPassword = "another long passphrase, reset";
        portal.auth().resetPassword(new ResetPassword(codeOf(reset), SSN4, BIRTH_DATE, newPassword));
        assertThat(portal.auth().authenticate(portal.auth().logIn(username, newPassword).token()).patientId())
                .contains(patient);
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(value = Delivery.class, names = {"LETTER", "AFTER_VISIT_SUMMARY", "IN_PERSON"})
    @DisplayName("EN-1 a printed or handed-over code is returned to the staff member, who gives it to the patient")
    void printedCodeIsReturned(Delivery delivery) {
        PatientId patient = register();
        ActivationCode code = issue(patient, delivery);
        assertThat(code.value()).matches(DeliveredCodes.CODE);
        assertThat(code.toString()).doesNotContain(code.value()).contains("value=(hidden)");
        portal.notifications().dispatchDue();
        assertThat(sender.delivered()).isEmpty();
        assertThat(enrollment().signUp(signUp(code)).patientId()).isEqualTo(patient);
    }

    @Test
    @DisplayName("EN-1 an admin may issue a code too; a clinician may not")
    void adminIssuesClinicianDoesNot() {
        PatientId patient = register();
        assertThat(enrollment().issueActivationCode(ADMIN, patient, Delivery.LETTER).patientId()).isEqualTo(patient);
        assertThatThrownBy(() -> enrollment().issueActivationCode(CLINICIAN, patient, Delivery.LETTER))
                .isInstanceOf(org.patientportal.core.AccessDeniedException.class);
    }

    @Test
    @DisplayName("EN-1 no sign-up code for a patient who already has an account (already_enrolled)")
    void noCodeForEnrolledPatient() {
        PatientId patient = register();
        enrollment().signUp(signUp(issue(patient, Delivery.LETTER)));

        RuleViolationException e = catchThrowableOfType(RuleViolationException.class,
                () -> issue(patient, Delivery.LETTER));
        assertThat(e.reason()).isEqualTo("already_enrolled");
        assertThat(e.code()).isEqualTo("rule_violation");
    }

    @Test
    @DisplayName("EN-1 an email or SMS code needs the address on file")
    void remoteDeliveryNeedsAddress() {
        PatientId patient = enrollment().registerPatient(DESK, new RegisterPatient(unique("MRN-"), "Dana", "Rivers",
                BIRTH_DATE, SSN4, null, null));

        assertThat(catchThrowableOfType(RuleViolationException.class, () -> issue(patient, Delivery.EMAIL)).reason())
                .isEqualTo("no_email_on_file");
        assertThat(catchThrowableOfType(RuleViolationException.class, () -> issue(patient, Delivery.SMS)).reason())
                .isEqualTo("no_mobile_on_file");
        assertThat(issue(patient, Delivery.LETTER).delivery()).isEqualTo(Delivery.LETTER);
    }

    @Test
    @DisplayName("EN-1 a code for an unknown patient is not found")
    void unknownPatient() {
        assertThatThrownBy(() -> issue(PatientId.newId(), Delivery.LETTER))
                .isInstanceOf(org.patientportal.core.NotFoundException.class)
                .hasMessage("patient not found");
    }

    @Test
    @DisplayName("EN-1 staff revoke every unused code of a patient; a revoked code fails like any wrong code")
    void revokeCodes() {
        PatientId patient = register();
        ActivationCode code = issue(patient, Delivery.LETTER);

        assertThat(enrollment().revokeActivationCodes(DESK, patient)).isEqualTo(1);
        assertThat(enrollment().revokeActivationCodes(DESK, patient)).isZero();
        assertThat(stored(code.id()).status()).isEqualTo(CodeStatus.REVOKED);
        assertThatThrownBy(() -> enrollment().signUp(signUp(code)))
                .isExactlyInstanceOf(AuthenticationFailedException.class);
    }

    // ---------------------------------------------------------------- EN-2

    @Test
    @DisplayName("EN-2 a code is 15 Crockford base32 characters shown as XXXXX-XXXXX-XXXXX, and codes differ")
    void codeShape() {
        PatientId patient = register();
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < 50; i++) {
            String value = issue(patient, Delivery.LETTER).value();
            assertThat(value).matches("[0-9A-HJKMNP-TV-Z]{5}-[0-9A-HJKMNP-TV-Z]{5}-[0-9A-HJKMNP-TV-Z]{5}");
            seen.add(value);
        }
        assertThat(seen).hasSize(50);
    }

    @Test
    @DisplayName("EN-2 the code is accepted without dashes, in lower case, with spaces around")
    void codeInputForms() {
        PatientId patient = register();
        String value = issue(patient, Delivery.LETTER).value();
        String typed = "  " + value.replace("-", "").toLowerCase(Locale.ROOT) + "\t ";

        assertThat(enrollment().signUp(signUp(typed, unique("user"))).patientId()).isEqualTo(patient);
    }

    @Test
    @DisplayName("EN-2 a malformed code is an invalid request on activationCode, refused before any code is read")
    void malformedCodeRefusedBeforeStorage() {
        PatientId patient = register();
        String value = issue(patient, Delivery.LETTER).value();
        List<String> malformed = List.of(value.substring(1), value + "0", value.replace('-', '_'),
                value.replace("-", "."), value.replace("-", " ").substring(1),
                value.substring(0, 16) + "I", value.substring(0, 16) + "U",
                "O" + value.substring(1), value.substring(0, 16) + "\u0131", "");
        for (String input : malformed) {
            storage.reset();
            InvalidRequestException e = catchThrowableOfType(InvalidRequestException.class,
                    () -> enrollment().signUp(signUp(input, unique("user"))));
            assertThat(e.violations()).extracting(InvalidRequestException.Violation::path)
                    .as("input %s", input).containsExactly("activationCode");
            assertThat(storage.touched()).as("stores touched for input %s", input).doesNotContain("activationCodes");
        }
        assertThat(stored(issueCodeId(patient)).failedAttempts()).isZero();
    }

    private ActivationCodeId issueCodeId(PatientId patient) {
        return storage.inTransaction(tx -> tx.activationCodes().findByPatient(patient)).get(0).id();
    }

    // ---------------------------------------------------------------- EN-3

    @ParameterizedTest(name = "{0}")
    @EnumSource(Delivery.class)
    @DisplayName("EN-3 a code is valid until just before its end and expired at exactly its end")
    void expiryByChannel(Delivery delivery) {
        Duration validity = EnrollmentPolicy.defaults().validityOf(delivery);
        PatientId early = register();
        PatientId late = register();
        Instant issuedAt = clock.instant();
        ActivationCode before = issue(early, delivery);
        String beforeCode = codeOf(before);
        String atEnd = issueCode(late, delivery);
        assertThat(before.expiresAt()).isEqualTo(issuedAt.plus(validity));

        clock.set(issuedAt.plus(validity).minusNanos(1000));
        assertThat(enrollment().signUp(signUp(beforeCode)).patientId()).isEqualTo(early);

        clock.set(issuedAt.plus(validity));
        assertThatThrownBy(() -> enrollment().signUp(signUp(atEnd)))
                .isExactlyInstanceOf(AuthenticationFailedException.class);
    }

    @Test
    @DisplayName("EN-3 a letter or after-visit-summary code is valid 30 days")
    void letterValidity() {
        PatientId patient = register();
        assertThat(issue(patient, Delivery.LETTER).expiresAt()).isEqualTo(clock.instant().plus(Duration.ofDays(30)));
        assertThat(issue(patient, Delivery.AFTER_VISIT_SUMMARY).expiresAt())
                .isEqualTo(clock.instant().plus(Duration.ofDays(30)));
    }

    @Test
    @DisplayName("EN-3 an email code expires at exactly 24 hours")
    void emailValidity() {
        PatientId patient = register();
        ActivationCode code = issue(patient, Delivery.EMAIL);
        assertThat(code.expiresAt()).isEqualTo(clock.instant().plus(Duration.ofHours(24)));
        String delivered = codeOf(code);
        clock.advance(Duration.ofHours(24));
        assertThatThrownBy(() -> enrollment().signUp(signUp(delivered)))
                .isExactlyInstanceOf(AuthenticationFailedException.class);
    }

    @Test
    @DisplayName("EN-3 an SMS code expires at exactly 10 minutes")
    void smsValidity() {
        PatientId patient = register();
        ActivationCode code = issue(patient, Delivery.SMS);
        assertThat(code.expiresAt()).isEqualTo(clock.instant().plus(Duration.ofMinutes(10)));
        String delivered = codeOf(code);
        clock.advance(Duration.ofMinutes(10));
        assertThatThrownBy(() -> enrollment().signUp(signUp(delivered)))
                .isExactlyInstanceOf(AuthenticationFailedException.class);
    }

    @Test
    @DisplayName("EN-3 an in-person code is valid 24 hours")
    void inPersonValidity() {
        PatientId patient = register();
        ActivationCode code = issue(patient, Delivery.IN_PERSON);
        assertThat(code.expiresAt()).isEqualTo(clock.instant().plus(Duration.ofHours(24)));
        clock.advance(Duration.ofHours(23));
        assertThat(enrollment().signUp(signUp(code)).patientId()).isEqualTo(patient);
    }

    @Test
    @DisplayName("EN-3 a host may shorten a validity through the policy")
    void shorterPolicy() {
        Portal strict = TestPortals.builder(storage, clock)
                .enrollmentPolicy(EnrollmentPolicy.defaults().withValidity(Delivery.LETTER, Duration.ofDays(7)))
                .build();
        PatientId patient = strict.enrollment().registerPatient(DESK, patientDetails(unique("MRN-")));
        assertThat(strict.enrollment().issueActivationCode(DESK, patient, Delivery.LETTER).expiresAt())
                .isEqualTo(clock.instant().plus(Duration.ofDays(7)));
    }

    // ---------------------------------------------------------------- EN-4

    @Test
    @DisplayName("EN-4 sign-up creates the account; the code is consumed and never accepted again")
    void codeConsumedOnce() {
        PatientId patient = register();
        ActivationCode code = issue(patient, Delivery.LETTER);
        SignedUp signedUp = enrollment().signUp(signUp(code.value(), "dana.rivers"));

        Account account = storage.inTransaction(tx -> tx.accounts().find(signedUp.accountId())).orElseThrow();
        assertThat(account.patientId()).isEqualTo(patient);
        assertThat(account.username()).isEqualTo("dana.rivers");
        assertThat(account.passwordHash()).startsWith("$argon2id$").doesNotContain(PASSWORD);
        assertThat(stored(code.id()).status()).isEqualTo(CodeStatus.USED);
        assertThat(stored(code.id()).closedAt()).isEqualTo(clock.instant());
        assertThatThrownBy(() -> enrollment().signUp(signUp(code)))
                .isExactlyInstanceOf(AuthenticationFailedException.class);
    }

    @Test
    @DisplayName("EN-4 two concurrent sign-ups with one code give exactly one account")
    void concurrentSignUps() throws Exception {
        PatientId patient = register();
        ActivationCode code = issue(patient, Delivery.LETTER);
        int threads = 6;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        CountDownLatch start = new CountDownLatch(1);
        try {
            List<Future<Object>> results = new ArrayList<>();
            for (int i = 0; i < threads; i++) {
                String username = "racer" + i;
                Callable<Object> task = () -> {
                    start.await();
                    try {
                        return enrollment().signUp(signUp(code.value(), username));
                    } catch (PortalException e) {
                        return e;
                    }
                };
                results.add(pool.submit(task));
            }
            start.countDown();
            int accounts = 0;
            for (Future<Object> result : results) {
                Object outcome = result.get(60, TimeUnit.SECONDS);
                if (outcome instanceof SignedUp) {
                    accounts++;
                } else {
                    assertThat(outcome).isInstanceOf(AuthenticationFailedException.class);
                }
            }
            assertThat(accounts).isEqualTo(1);
            assertThat(accountOf(patient)).isPresent();
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    @DisplayName("EN-4 the birth date of a form needs a 4-digit year and a real date")
    void birthDateFromForm() {
        assertThat(SignUp.fromForm("c", "1234", "1984-02-29", "u", "p", null).birthDate())
                .isEqualTo(LocalDate.of(1984, 2, 29));
        for (String text : List.of("84-02-29", "1985-02-29", "1984-2-29", "01984-02-29", "+1984-02-29",
                "1984/02/29", "29.02.1984", "", "1984-02-29T00:00", "\u0661\u0669\u0668\u0664-02-29")) {
            InvalidRequestException e = catchThrowableOfType(InvalidRequestException.class,
                    () -> SignUp.fromForm("c", "1234", text, "u", "p", null));
            assertThat(e).as(text).isNotNull();
            assertThat(e.violations()).extracting(InvalidRequestException.Violation::path).containsExactly("birthDate");
        }
        assertThatThrownBy(() -> SignUp.fromForm("c", "1234", null, "u", "p", null))
                .isInstanceOf(InvalidRequestException.class);
    }

    @Test
    @DisplayName("EN-4 a birth date with a year before 1900 is an invalid request")
    void ancientBirthDate() {
        PatientId patient = register();
        ActivationCode code = issue(patient, Delivery.LETTER);
        InvalidRequestException e = catchThrowableOfType(InvalidRequestException.class, () -> enrollment().signUp(
                new SignUp(code.value(), SSN4, LocalDate.of(84, 2, 29), "dana", PASSWORD, null)));
        assertThat(e.violations()).extracting(InvalidRequestException.Violation::path).containsExactly("birthDate");
        assertThat(stored(code.id()).failedAttempts()).isZero();
    }

    // ---------------------------------------------------------------- EN-5

    @Test
    @DisplayName("EN-5 one generic failure for unknown, wrong SSN4, wrong birth date, expired, used, revoked and locked")
    void oneGenericFailure() {
        List<Throwable> failures = new ArrayList<>();
        PatientId patient = register();
        String code = issueCode(patient, Delivery.SMS);
        // unknown code
        failures.add(attempt(new SignUp(CodeFormat.display(CodeFormat.generate()), SSN4, BIRTH_DATE, "user1", PASSWORD, null)));
        // wrong SSN4, wrong birth date
        failures.add(attempt(new SignUp(code, "4321", BIRTH_DATE, "user2", PASSWORD, null)));
        failures.add(attempt(new SignUp(code, SSN4, BIRTH_DATE.plusDays(1), "user3", PASSWORD, null)));
        // revoked
        String replaced = code;
        code = issueCode(patient, Delivery.SMS);
        failures.add(attempt(signUp(replaced)));
        // expired
        clock.advance(Duration.ofMinutes(10));
        failures.add(attempt(signUp(code)));
        // locked
        PatientId other = register();
        ActivationCode locked = issue(other, Delivery.LETTER);
        for (int i = 0; i < 5; i++) {
            attempt(new SignUp(locked.value(), "0000", BIRTH_DATE, "user4", PASSWORD, null));
        }
        failures.add(attempt(signUp(locked)));
        // used
        PatientId third = register();
        ActivationCode used = issue(third, Delivery.LETTER);
        enrollment().signUp(signUp(used));
        failures.add(attempt(signUp(used)));

        assertThat(failures).hasSize(7).allSatisfy(failure -> {
            assertThat(failure).isExactlyInstanceOf(AuthenticationFailedException.class);
            assertThat(((PortalException) failure).code()).isEqualTo("authentication_failed");
            assertThat(failure).hasMessage(AuthenticationFailedException.MESSAGE).hasNoCause();
        });
        assertThat(systemEvents()).extracting(AuditEvent::reason).contains(CodeVerifier.UNKNOWN);
        assertThat(events(patient)).extracting(AuditEvent::reason)
                .contains(CodeVerifier.MISMATCH, CodeVerifier.REVOKED, CodeVerifier.EXPIRED);
        assertThat(events(other)).extracting(AuditEvent::reason).contains(CodeVerifier.LOCKED);
        assertThat(events(third)).extracting(AuditEvent::reason).contains(CodeVerifier.USED);
    }

    private Throwable attempt(SignUp command) {
        Throwable thrown = catchThrowableOfType(PortalException.class, () -> enrollment().signUp(command));
        assertThat(thrown).as("sign-up should fail").isNotNull();
        return thrown;
    }

    // ---------------------------------------------------------------- EN-6

    @Test
    @DisplayName("EN-6 five failed verifications lock the code; the right answers then fail too")
    void fiveFailuresLock() {
        PatientId patient = register();
        ActivationCode code = issue(patient, Delivery.LETTER);
        for (int i = 1; i <= 5; i++) {
            attempt(new SignUp(code.value(), SSN4, BIRTH_DATE.minusDays(i), "dana", PASSWORD, null));
            assertThat(stored(code.id()).failedAttempts()).isEqualTo(i);
        }
        assertThatThrownBy(() -> enrollment().signUp(signUp(code)))
                .isExactlyInstanceOf(AuthenticationFailedException.class);
        assertThat(accountOf(patient)).isEmpty();
        assertThat(lastEvent(patient).reason()).isEqualTo(CodeVerifier.LOCKED);

        ActivationCode fresh = issue(patient, Delivery.LETTER);
        assertThat(enrollment().signUp(signUp(fresh)).patientId()).isEqualTo(patient);
    }

    @Test
    @DisplayName("EN-6 four failures do not lock; the fifth try with the right answers succeeds")
    void fourFailuresDoNotLock() {
        PatientId patient = register();
        ActivationCode code = issue(patient, Delivery.LETTER);
        for (int i = 0; i < 4; i++) {
            attempt(new SignUp(code.value(), "9999", BIRTH_DATE, "dana", PASSWORD, null));
        }
        assertThat(enrollment().signUp(signUp(code)).patientId()).isEqualTo(patient);
    }

    @Test
    @DisplayName("EN-6 failures are counted in storage, so they add up across two portal nodes")
    void failuresAcrossNodes() {
        Portal otherNode = TestPortals.portal(storage, clock);
        PatientId patient = register();
        ActivationCode code = issue(patient, Delivery.LETTER);
        SignUp wrong = new SignUp(code.value(), "9999", BIRTH_DATE, "dana", PASSWORD, null);
        for (int i = 0; i < 3; i++) {
            attempt(wrong);
        }
        for (int i = 0; i < 2; i++) {
            assertThatThrownBy(() -> otherNode.enrollment().signUp(wrong))
                    .isExactlyInstanceOf(AuthenticationFailedException.class);
        }
        assertThat(stored(code.id()).failedAttempts()).isEqualTo(5);
        assertThatThrownBy(() -> enrollment().signUp(signUp(code)))
                .isExactlyInstanceOf(AuthenticationFailedException.class);
    }

    // ---------------------------------------------------------------- EN-7

    @Test
    @DisplayName("EN-7 the code and the SSN4 are stored only as keyed hashes")
    void storedAsKeyedHashes() {
        PatientId patient = register();
        ActivationCode code = issue(patient, Delivery.LETTER);
        ActivationCodeRecord record = stored(code.id());
        Patient stored = storage.inTransaction(tx -> tx.patients().find(patient)).orElseThrow();
        String compact = code.value().replace("-", "");

        assertThat(record.codeHash()).matches("[0-9a-f]{64}").doesNotContain(compact)
                .isNotEqualTo(sha256(compact));
        assertThat(stored.ssn4Hash()).matches("[0-9a-f]{64}").isNotEqualTo(sha256(SSN4));

        // keyed: another host key gives other hashes
        Keys otherKey = new Keys(new byte[32]);
        assertThat(otherKey.hmac(org.patientportal.core.internal.KeyPurpose.ACTIVATION_CODE, compact))
                .isNotEqualTo(record.codeHash());
    }

    @Test
    @DisplayName("EN-7 two patients with the same SSN4 do not share a hash")
    void ssn4HashPerPatient() {
        PatientId a = register();
        PatientId b = register();
        String hashA = storage.inTransaction(tx -> tx.patients().find(a)).orElseThrow().ssn4Hash();
        String hashB = storage.inTransaction(tx -> tx.patients().find(b)).orElseThrow().ssn4Hash();
        assertThat(hashA).isNotEqualTo(hashB);
    }

    @Test
    @DisplayName("EN-7 the full SSN is never accepted: 9 digits, dashes, or anything but 4 ASCII digits")
    void fullSsnRefused() {
        for (String ssn : List.of("123456789", "123-45-6789", "12345", "123", "12a4", "\u0661\u0662\u0663\u0664",
                " 1234", "1234 ")) {
            InvalidRequestException e = catchThrowableOfType(InvalidRequestException.class,
                    () -> enrollment().registerPatient(DESK, new RegisterPatient(unique("MRN-"), "Dana", "Rivers",
                            BIRTH_DATE, ssn, null, null)));
            assertThat(e).as(ssn).isNotNull();
            assertThat(e.violations()).extracting(InvalidRequestException.Violation::path).containsExactly("ssnLast4");
            assertThat(e.getMessage()).doesNotContain(ssn.strip());

            InvalidRequestException signUp = catchThrowableOfType(InvalidRequestException.class,
                    () -> enrollment().signUp(new SignUp("ABCDE-FGHJK-MNPQR", ssn, BIRTH_DATE, "dana", PASSWORD, null)));
            assertThat(signUp.violations()).extracting(InvalidRequestException.Violation::path).containsExactly("ssnLast4");
        }
        assertThat(patients()).isEmpty();
    }

    private static String sha256(String text) {
        try {
            return java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256")
                    .digest(text.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    // ---------------------------------------------------------------- EN-8

    @Test
    @DisplayName("EN-8 a second sign-up for an enrolled patient fails like EN-5 and consumes nothing")
    void secondSignUpFails() {
        PatientId patient = register();
        enrollment().signUp(signUp(issue(patient, Delivery.LETTER)));
        // a sign-up code can no longer be issued (EN-1), so plant one as a stale code would be
        String value = CodeFormat.generate();
        Keys keys = new Keys(TestPortals.testKey());
        CodeVerifier verifier = new CodeVerifier(keys, clock, new org.patientportal.core.internal.AuditWriter(keys, clock));
        ActivationCodeRecord planted = new ActivationCodeRecord(ActivationCodeId.newId(), patient, CodePurpose.SIGN_UP,
                verifier.codeHash(value), Delivery.LETTER, clock.instant(), clock.instant().plus(Duration.ofDays(1)),
                "desk-1", CodeStatus.ACTIVE, 0, null, 0);
        storage.inTransaction(tx -> {
            tx.activationCodes().insert(planted);
            return null;
        });

        Throwable failure = attempt(signUp(CodeFormat.display(value), "second"));
        assertThat(failure).isExactlyInstanceOf(AuthenticationFailedException.class)
                .hasMessage(AuthenticationFailedException.MESSAGE);
        assertThat(stored(planted.id()).status()).isEqualTo(CodeStatus.ACTIVE);
        assertThat(lastEvent(patient).reason()).isEqualTo("already_enrolled");
        assertThat(lastEvent(patient).outcome()).isEqualTo(AuditOutcome.FAILED);
    }

    @Test
    @DisplayName("EN-8 a reset code does not sign up")
    void resetCodeDoesNotSignUp() {
        PatientId patient = register();
        enrollment().signUp(signUp(issue(patient, Delivery.LETTER)));
        ActivationCode reset = enrollment().issuePasswordResetCode(DESK, patient, Delivery.LETTER);

        assertThat(stored(reset.id()).purpose()).isEqualTo(CodePurpose.PASSWORD_RESET);
        assertThatThrownBy(() -> enrollment().signUp(signUp(reset)))
                .isExactlyInstanceOf(AuthenticationFailedException.class);
        assertThat(lastEvent(patient).reason()).isEqualTo(CodeVerifier.WRONG_PURPOSE);
    }

    @Test
    @DisplayName("AU-7 a reset code is issued only for a patient who has an account, and replaces the previous one")
    void resetCodeNeedsAccount() {
        PatientId patient = register();
        RuleViolationException e = catchThrowableOfType(RuleViolationException.class,
                () -> enrollment().issuePasswordResetCode(DESK, patient, Delivery.LETTER));
        assertThat(e.reason()).isEqualTo("not_enrolled");

        enrollment().signUp(signUp(issue(patient, Delivery.LETTER)));
        ActivationCode first = enrollment().issuePasswordResetCode(DESK, patient, Delivery.EMAIL);
        ActivationCode second = enrollment().issuePasswordResetCode(ADMIN, patient, Delivery.SMS);
        assertThat(stored(first.id()).status()).isEqualTo(CodeStatus.REVOKED);
        assertThat(stored(second.id()).status()).isEqualTo(CodeStatus.ACTIVE);
        assertThat(second.expiresAt()).isEqualTo(clock.instant().plus(Duration.ofMinutes(10)));
    }
}
