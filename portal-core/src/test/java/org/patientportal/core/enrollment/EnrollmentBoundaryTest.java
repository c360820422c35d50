package org.patientportal.core.enrollment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.time.LocalDate;
import java.util.List;
import java.util.function.Supplier;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.patientportal.core.AccessDeniedException;
import org.patientportal.core.Actor;
import org.patientportal.core.AuthenticationFailedException;
import org.patientportal.core.ConflictException;
import org.patientportal.core.InvalidRequestException.Violation;
import org.patientportal.core.InvalidRequestException;
import org.patientportal.core.NotFoundException;
import org.patientportal.core.PortalException;
import org.patientportal.core.Role;
import org.patientportal.core.auth.Session;
import org.patientportal.core.internal.enrollment.EnrollmentService;
import org.patientportal.core.testing.OnEveryStorage;
import org.patientportal.core.testing.RandomTokens;
import org.patientportal.model.ActorKind;
import org.patientportal.model.AuditAction;
import org.patientportal.model.AuditEvent;
import org.patientportal.model.AuditOutcome;
import org.patientportal.model.CodeStatus;
import org.patientportal.model.Delivery;
import org.patientportal.model.PatientId;

/** Staff roles, input validation, idempotency, account rules and auditing of enrollment, on every adapter. */
@OnEveryStorage
@DisplayName("Enrollment roles, input, idempotency and audit")
class EnrollmentBoundaryTest extends EnrollmentFixture {

    // ---------------------------------------------------------------- ST-1

    @Test
    @DisplayName("ST-1 front desk and admin register patients; the role used is audited (ST-2)")
    void staffRegister() {
        PatientId byDesk = register();
        PatientId byAdmin = enrollment().registerPatient(Actor.staff("admin-1", Role.ADMIN, Role.CLINICIAN),
                patientDetails(unique("MRN-")));

        AuditEvent event = lastEvent(byDesk);
        assertThat(event.actor().kind()).isEqualTo(ActorKind.STAFF);
        assertThat(event.actor().id()).isEqualTo("desk-1");
        assertThat(event.actor().role()).isEqualTo("FRONT_DESK");
        assertThat(lastEvent(byAdmin).actor().role()).isEqualTo("ADMIN");
    }

    @Test
    @DisplayName("ST-1 a role not listed is denied, and the denial is audited (AD-3)")
    void clinicianDenied() {
        PatientId patient = register();
        long before = auditEventCount();

        assertThatThrownBy(() -> enrollment().registerPatient(CLINICIAN, patientDetails(unique("MRN-"))))
                .isExactlyInstanceOf(AccessDeniedException.class).hasMessage("access denied");
        assertThatThrownBy(() -> enrollment().revokeActivationCodes(CLINICIAN, patient))
                .isExactlyInstanceOf(AccessDeniedException.class);
        assertThatThrownBy(() -> enrollment().issuePasswordResetCode(CLINICIAN, patient, Delivery.LETTER))
                .isExactlyInstanceOf(AccessDeniedException.class);
        assertThatThrownBy(() -> enrollment().registerPatient(null, patientDetails(unique("MRN-"))))
                .isExactlyInstanceOf(AccessDeniedException.class);

        assertThat(auditEventCount()).isEqualTo(before + 4);
        AuditEvent denied = lastEvent(patient);
        assertThat(denied.outcome()).isEqualTo(AuditOutcome.DENIED);
        assertThat(denied.actor().id()).isEqualTo("doc-1");
        assertThat(denied.actor().role()).isEqualTo("CLINICIAN");
        assertThat(denied.category()).isEqualTo(EnrollmentService.RESET_CODE);
        assertThat(denied.reason()).isEqualTo("access_denied");
        assertThat(patients()).hasSize(1);
    }

    @Test
    @DisplayName("ST-1 a patient actor calling a staff operation is denied: access denied without a patient id, "
            + "and answered exactly as an unknown patient (not found) with one (the access policy)")
    void patientActorDenied() {
        PatientId patient = register();
        enrollment().signUp(new SignUp(issue(patient, Delivery.LETTER).value(), SSN4, BIRTH_DATE, "dana.rivers",
                PASSWORD, null));
        Session session = portal.auth().logIn("dana.rivers", PASSWORD);
        Actor me = portal.auth().authenticate(session.token());
        assertThat(me.kind()).isEqualTo(ActorKind.PATIENT);

        assertThatThrownBy(() -> enrollment().registerPatient(me, patientDetails(unique("MRN-"))))
                .isExactlyInstanceOf(AccessDeniedException.class);
        // one access policy for every operation that takes a PatientId: a non-staff actor is answered as
        // "not found", the very answer an unknown patient id gets (issue 3), and audited DENIED
        NotFoundException asUnknown = catchThrowableOfType(NotFoundException.class,
                () -> enrollment().issuePasswordResetCode(me, patient, Delivery.LETTER));
        NotFoundException unknown = catchThrowableOfType(NotFoundException.class,
                () -> enrollment().issuePasswordResetCode(DESK, PatientId.newId(), Delivery.LETTER));
        assertThat(asUnknown).hasMessage(unknown.getMessage());
        assertThat(asUnknown.code()).isEqualTo(unknown.code());
        assertThatThrownBy(() -> enrollment().revokeActivationCodes(me, patient))
                .isExactlyInstanceOf(NotFoundException.class).hasMessage("patient not found");
        AuditEvent denied = lastEvent(patient);
        assertThat(denied.outcome()).isEqualTo(AuditOutcome.DENIED);
        assertThat(denied.actor().kind()).isEqualTo(ActorKind.PATIENT);
        assertThat(denied.actor().id()).isEqualTo(me.accountId().orElseThrow().toString());
    }

    // ---------------------------------------------------------------- IN-2

    @Test
    @DisplayName("IN-2 registration reports every violation at once, with field paths and without values, and writes nothing")
    void registrationViolations() {
        InvalidRequestException e = catchThrowableOfType(InvalidRequestException.class,
                () -> enrollment().registerPatient(DESK, new RegisterPatient(" ", "Da\nna", "", LocalDate.of(2999, 1, 1),
                        "123456789", "not-an-email", "555-0123")));

        assertThat(e.code()).isEqualTo("invalid_request");
        assertThat(e.violations()).extracting(Violation::path).containsOnly(
                "mrn", "givenName", "familyName", "birthDate", "ssnLast4", "email", "mobile");
        assertThat(e.violations()).extracting(Violation::path).isSorted();
        assertThat(e.getMessage()).doesNotContain("123456789", "not-an-email", "555-0123", "Da\nna");
        assertThat(e.violations()).extracting(Violation::message)
                .noneMatch(m -> m.contains("123456789") || m.contains("not-an-email"));
        assertThat(patients()).isEmpty();
    }

    @Test
    @DisplayName("IN-2 a null command or argument is an invalid request, not a NullPointerException")
    void nulls() {
        assertThat(catchThrowableOfType(InvalidRequestException.class, () -> enrollment().registerPatient(DESK, null))
                .violations()).extracting(Violation::path).containsExactly("command");
        assertThat(catchThrowableOfType(InvalidRequestException.class, () -> enrollment().signUp(null))
                .violations()).extracting(Violation::path).containsExactly("command");
        assertThat(catchThrowableOfType(InvalidRequestException.class,
                () -> enrollment().issueActivationCode(DESK, null, null)).violations())
                .extracting(Violation::path).containsExactly("delivery", "patient");
        assertThat(catchThrowableOfType(InvalidRequestException.class,
                () -> enrollment().revokeActivationCodes(DESK, null)).violations())
                .extracting(Violation::path).containsExactly("patient");
        assertThat(catchThrowableOfType(InvalidRequestException.class,
                () -> enrollment().signUp(new SignUp(null, null, null, null, null, null))).violations())
                .extracting(Violation::path)
                .contains("activationCode", "birthDate", "password", "ssnLast4", "username");
    }

    @Test
    @DisplayName("IN-2 sign-up reports every violation at once and leaves the code untouched")
    void signUpViolations() {
        PatientId patient = register();
        ActivationCode code = issue(patient, Delivery.LETTER);
        InvalidRequestException e = catchThrowableOfType(InvalidRequestException.class,
                () -> enrollment().signUp(new SignUp("not a code", "12345", LocalDate.of(2999, 1, 1), "x",
                        "short", "k".repeat(256))));

        assertThat(e.violations()).extracting(Violation::path).contains(
                "activationCode", "birthDate", "idempotencyKey", "password", "ssnLast4", "username");
        assertThat(e.getMessage()).doesNotContain("short", "12345");
        assertThat(stored(code.id()).failedAttempts()).isZero();
        assertThat(stored(code.id()).status()).isEqualTo(CodeStatus.ACTIVE);
    }

    @Test
    @DisplayName("ConflictException when the medical record number is taken; nothing else is written")
    void mrnUnique() {
        enrollment().registerPatient(DESK, patientDetails("MRN-DUP"));
        assertThatThrownBy(() -> enrollment().registerPatient(ADMIN, patientDetails("MRN-DUP")))
                .isExactlyInstanceOf(ConflictException.class)
                .hasMessageNotContaining("MRN-DUP");
        assertThat(patients()).hasSize(1);
    }

    // ---------------------------------------------------------------- AU-1 / AU-2 in sign-up

    @Test
    @DisplayName("AU-2 a common password is refused with its reason, and the code is not burned")
    void commonPasswordDoesNotBurnCode() {
        PatientId patient = register();
        ActivationCode code = issue(patient, Delivery.LETTER);

        InvalidRequestException e = catchThrowableOfType(InvalidRequestException.class, () -> enrollment().signUp(
                new SignUp(code.value(), SSN4, BIRTH_DATE, "dana", "1qaz2wsx3edc4rfv", null)));
        assertThat(e.violations()).extracting(Violation::path).containsExactly("password");
        assertThat(e.violations().get(0).message()).contains("common");
        assertThat(stored(code.id()).failedAttempts()).isZero();

        assertThat(enrollment().signUp(signUp(code)).patientId()).isEqualTo(patient);
    }

    @Test
    @DisplayName("AU-2 a password that contains the username is refused")
    void passwordWithUsername() {
        PatientId patient = register();
        ActivationCode code = issue(patient, Delivery.LETTER);
        InvalidRequestException e = catchThrowableOfType(InvalidRequestException.class, () -> enrollment().signUp(
                new SignUp(code.value(), SSN4, BIRTH_DATE, "rivers", "my name is Rivers and I like it", null)));
        assertThat(e.violations()).extracting(Violation::path).containsExactly("password");
    }

    @Test
    @DisplayName("AU-1 a username taken (ignoring case and NFKC) is a conflict, and the code stays usable")
    void usernameTaken() {
        PatientId first = register();
        enrollment().signUp(signUp(issue(first, Delivery.LETTER).value(), "Dana.Rivers"));
        PatientId second = register();
        ActivationCode code = issue(second, Delivery.LETTER);

        assertThatThrownBy(() -> enrollment().signUp(signUp(code.value(), "dana.rivers")))
                .isExactlyInstanceOf(ConflictException.class).hasMessage("username is not available");
        assertThatThrownBy(() -> enrollment().signUp(signUp(code.value(), "\uFF24ana.rivers")))
                .isExactlyInstanceOf(ConflictException.class);
        assertThat(stored(code.id()).status()).isEqualTo(CodeStatus.ACTIVE);
        assertThat(lastEvent(second).outcome()).isEqualTo(AuditOutcome.FAILED);
        assertThat(lastEvent(second).reason()).isEqualTo("conflict");

        assertThat(enrollment().signUp(signUp(code.value(), "dana.rivers2")).patientId()).isEqualTo(second);
    }

    // ---------------------------------------------------------------- IN-1

    @Test
    @DisplayName("IN-1 a sign-up retried with the same idempotency key returns the first result")
    void idempotentRetry() {
        PatientId patient = register();
        ActivationCode code = issue(patient, Delivery.LETTER);
        SignUp command = new SignUp(code.value(), SSN4, BIRTH_DATE, "dana", PASSWORD, "key-1");

        SignedUp first = enrollment().signUp(command);
        SignedUp retry = enrollment().signUp(command);
        assertThat(retry).isEqualTo(first);
        assertThat(lastEvent(patient).reason()).isEqualTo("idempotent_replay");
    }

    @Test
    @DisplayName("IN-1 concurrent sign-ups with one idempotency key all answer with the one account")
    void concurrentIdempotentSignUps() throws Exception {
        PatientId patient = register();
        ActivationCode code = issue(patient, Delivery.LETTER);
        SignUp command = new SignUp(code.value(), SSN4, BIRTH_DATE, "dana", PASSWORD, "key-concurrent");
        int threads = 4;
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(threads);
        java.util.concurrent.CountDownLatch start = new java.util.concurrent.CountDownLatch(1);
        try {
            List<java.util.concurrent.Future<SignedUp>> results = new java.util.ArrayList<>();
            for (int i = 0; i < threads; i++) {
                results.add(pool.submit(() -> {
                    start.await();
                    return enrollment().signUp(command);
                }));
            }
            start.countDown();
            java.util.Set<SignedUp> distinct = new java.util.HashSet<>();
            for (java.util.concurrent.Future<SignedUp> result : results) {
                distinct.add(result.get(60, java.util.concurrent.TimeUnit.SECONDS));
            }
            assertThat(distinct).hasSize(1);
            assertThat(stored(code.id()).status()).isEqualTo(CodeStatus.USED);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    @DisplayName("IN-1 the same idempotency key with other parameters is a conflict")
    void idempotencyConflict() {
        PatientId patient = register();
        ActivationCode code = issue(patient, Delivery.LETTER);
        enrollment().signUp(new SignUp(code.value(), SSN4, BIRTH_DATE, "dana", PASSWORD, "key-2"));

        assertThatThrownBy(() -> enrollment().signUp(
                new SignUp(code.value(), SSN4, BIRTH_DATE, "dana", PASSWORD + "!", "key-2")))
                .isExactlyInstanceOf(ConflictException.class);
    }

    // ---------------------------------------------------------------- AD-1 / AD-3

    @Test
    @DisplayName("AD-1 every enrollment call records exactly one audit event: success, denied or failed")
    void oneEventPerCall() {
        PatientId patient = register();
        ActivationCode code = issue(patient, Delivery.LETTER);
        List<Supplier<Object>> calls = List.of(
                () -> enrollment().registerPatient(DESK, patientDetails(unique("MRN-"))),
                () -> enrollment().registerPatient(CLINICIAN, patientDetails(unique("MRN-"))),
                () -> enrollment().registerPatient(DESK, null),
                () -> enrollment().issueActivationCode(DESK, PatientId.newId(), Delivery.LETTER),
                () -> enrollment().issueActivationCode(DESK, patient, Delivery.LETTER),
                () -> enrollment().revokeActivationCodes(ADMIN, patient),
                () -> enrollment().signUp(signUp(code)),
                () -> enrollment().signUp(signUp("not a code", "user")),
                () -> enrollment().issuePasswordResetCode(DESK, patient, Delivery.LETTER));
        for (Supplier<Object> call : calls) {
            long before = auditEventCount();
            try {
                call.get();
            } catch (PortalException expected) {
                // counted below either way
            }
            assertThat(auditEventCount()).isEqualTo(before + 1);
        }
    }

    @Test
    @DisplayName("AD-1 an event carries UTC time, actor, action, category, record id and outcome; no PHI")
    void eventFields() {
        PatientId patient = register();
        ActivationCode code = issue(patient, Delivery.LETTER);
        SignedUp signedUp = enrollment().signUp(signUp(code));

        List<AuditEvent> events = events(patient);
        assertThat(events).extracting(AuditEvent::category)
                .containsExactly(EnrollmentService.PATIENT, EnrollmentService.ACTIVATION_CODE, EnrollmentService.ACCOUNT);
        assertThat(events).extracting(AuditEvent::action)
                .containsExactly(AuditAction.CREATE, AuditAction.CREATE, AuditAction.CREATE);
        assertThat(events).extracting(AuditEvent::recordId)
                .containsExactly(patient.toString(), code.id().toString(), signedUp.accountId().toString());
        assertThat(events).allSatisfy(event -> {
            assertThat(event.occurredAt()).isEqualTo(clock.instant());
            assertThat(event.outcome()).isEqualTo(AuditOutcome.SUCCESS);
            assertThat(event.patientId()).isEqualTo(patient);
            assertThat(RandomTokens.masked(event)).doesNotContain("Dana", "Rivers", SSN4, code.value(), "1984");
        });
        assertThat(events.get(2).actor().kind()).isEqualTo(ActorKind.PATIENT);
        assertThat(events.get(2).actor().id()).isEqualTo(signedUp.accountId().toString());
    }

    @Test
    @DisplayName("AD-3 a failed code verification is audited and its counter committed, though the call fails")
    void failedVerificationCommitted() {
        PatientId patient = register();
        ActivationCode code = issue(patient, Delivery.LETTER);
        assertThatThrownBy(() -> enrollment().signUp(new SignUp(code.value(), "0000", BIRTH_DATE, "dana", PASSWORD, null)))
                .isExactlyInstanceOf(AuthenticationFailedException.class);

        AuditEvent failed = lastEvent(patient);
        assertThat(failed.outcome()).isEqualTo(AuditOutcome.FAILED);
        assertThat(failed.actor().kind()).isEqualTo(ActorKind.ANONYMOUS);
        assertThat(failed.action()).isEqualTo(AuditAction.EXECUTE);
        assertThat(failed.recordId()).isEqualTo(code.id().toString());
        assertThat(stored(code.id()).failedAttempts()).isEqualTo(1);
    }

    @Test
    @DisplayName("AD-2 enrollment's events keep every chain intact")
    void chainsIntact() {
        PatientId patient = register();
        enrollment().signUp(signUp(issue(patient, Delivery.LETTER)));
        assertThatThrownBy(() -> enrollment().signUp(signUp("00000-00000-00000", "someone")))
                .isInstanceOf(AuthenticationFailedException.class);

        var verification = portal.audit().verify();
        assertThat(verification.intact()).isTrue();
        assertThat(verification.eventsChecked()).isEqualTo(allEvents().size()).isEqualTo(4);
    }
}
